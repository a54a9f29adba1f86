/**
 * Forward-only schema migrations. `PRAGMA user_version` is the schema version; migration N takes
 * a database from version N-1 to N inside one transaction, so a failure leaves version N-1 intact.
 * Never edit a migration that has shipped: add the next one. The upgrade test in
 * migrations.test.ts seeds data at every earlier version and upgrades it to the latest.
 *
 * Over 400 lines on purpose: the schema's whole history in order, one place to read how any
 * database in the field gets to today's; shipped migrations are never edited, only appended.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'asset register: customers, sites, assets, settings',
    sql: `
      CREATE TABLE customers (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
        phone       TEXT,
        email       TEXT,
        notes       TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );

      CREATE TABLE sites (
        id             TEXT PRIMARY KEY,
        customer_id    TEXT REFERENCES customers(id) ON DELETE SET NULL,
        name           TEXT NOT NULL,
        address        TEXT,
        contact_name   TEXT,
        contact_phone  TEXT,
        notes          TEXT,
        latitude       REAL,
        longitude      REAL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        archived_at    TEXT
      );
      CREATE INDEX sites_customer ON sites(customer_id);

      CREATE TABLE assets (
        id             TEXT PRIMARY KEY,
        site_id        TEXT NOT NULL REFERENCES sites(id) ON DELETE RESTRICT,
        name           TEXT NOT NULL,
        kind           TEXT NOT NULL,
        maker          TEXT,
        model          TEXT,
        serial_number  TEXT,
        refrigerant    TEXT,
        -- QR / barcode tag; scanners disagree about case, so uniqueness ignores it.
        asset_tag      TEXT COLLATE NOCASE UNIQUE,
        location       TEXT,
        notes          TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        archived_at    TEXT
      );
      CREATE INDEX assets_site ON assets(site_id);

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'field data: devices, sessions, recordings, readings, diagnoses, labels, sync outbox',
    sql: `
      -- A sensor or microphone; id is the device's own id (HELLO frame or JSON device_id).
      CREATE TABLE devices (
        id                TEXT PRIMARY KEY,
        kind              TEXT NOT NULL,
        name              TEXT,
        firmware_version  TEXT,
        capabilities      TEXT NOT NULL DEFAULT '{}',
        last_transport    TEXT,
        last_address      TEXT,
        first_seen_at     TEXT NOT NULL,
        last_seen_at      TEXT NOT NULL
      );

      -- One visit to one asset.
      CREATE TABLE sessions (
        id           TEXT PRIMARY KEY,
        asset_id     TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
        technician   TEXT,
        status       TEXT NOT NULL DEFAULT 'open',
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        notes        TEXT,
        tags         TEXT NOT NULL DEFAULT '[]',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      -- Serves both "history of this asset" and "last service date" (max started_at per asset).
      CREATE INDEX sessions_asset_started ON sessions(asset_id, started_at);

      -- Which devices took part in a session, with their link health at the end of it.
      CREATE TABLE session_devices (
        session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        device_id    TEXT NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        link_health  TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (session_id, device_id)
      ) WITHOUT ROWID;

      CREATE TABLE session_photos (
        id          TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        path        TEXT NOT NULL,
        caption     TEXT,
        taken_at    TEXT,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX session_photos_session ON session_photos(session_id);

      -- A stream kept on disk (audio, vibration) or in the readings table.
      CREATE TABLE recordings (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        device_id      TEXT REFERENCES devices(id) ON DELETE RESTRICT,
        source         TEXT NOT NULL,
        stream         TEXT NOT NULL,
        status         TEXT NOT NULL,
        path           TEXT,
        original_name  TEXT,
        sample_rate    REAL,
        channels       INTEGER,
        sample_format  TEXT,
        frames         INTEGER NOT NULL DEFAULT 0,
        duration_s     REAL,
        sha256         TEXT,
        gaps           TEXT NOT NULL DEFAULT '[]',
        started_at     TEXT NOT NULL,
        ended_at       TEXT,
        created_at     TEXT NOT NULL
      );
      CREATE INDEX recordings_session ON recordings(session_id);

      -- Readings are the one table that grows to millions of rows. They hang off a small integer
      -- series id (not the 36-byte recording id) and are clustered by (series, time) in a
      -- WITHOUT ROWID table: a time-range scan of one series reads contiguous pages, there is no
      -- second index to maintain, and each row costs about 80 bytes.
      CREATE TABLE reading_series (
        id            INTEGER PRIMARY KEY,
        recording_id  TEXT NOT NULL UNIQUE REFERENCES recordings(id) ON DELETE CASCADE
      );
      CREATE TABLE readings (
        series_id       INTEGER NOT NULL REFERENCES reading_series(id) ON DELETE CASCADE,
        -- Microseconds since the Unix epoch on the session timeline (device time aligned to the
        -- host); the recorder keeps it strictly increasing within a series.
        t_us            INTEGER NOT NULL,
        temperature_c   REAL,
        vib_x_g         REAL,
        vib_y_g         REAL,
        vib_z_g         REAL,
        current_a       REAL,
        power_w         REAL,
        audio_level_db  REAL,
        quality         REAL,
        PRIMARY KEY (series_id, t_us)
      ) WITHOUT ROWID;

      CREATE TABLE diagnoses (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        recording_id   TEXT REFERENCES recordings(id) ON DELETE CASCADE,
        model_version  TEXT NOT NULL,
        condition      TEXT NOT NULL,
        severity       TEXT NOT NULL,
        confidence     REAL NOT NULL,
        probabilities  TEXT NOT NULL,
        evidence       TEXT NOT NULL,
        timings        TEXT,
        created_at     TEXT NOT NULL
      );
      CREATE INDEX diagnoses_session ON diagnoses(session_id, created_at);

      -- What the technician says was really wrong: the ground truth that retrains the model.
      CREATE TABLE labels (
        id            TEXT PRIMARY KEY,
        session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        diagnosis_id  TEXT REFERENCES diagnoses(id) ON DELETE SET NULL,
        condition     TEXT NOT NULL,
        verdict       TEXT NOT NULL,
        found         TEXT,
        repaired      TEXT,
        technician    TEXT,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX labels_session ON labels(session_id);

      -- Uploads waiting for the network; id is the client-made idempotency key the server sees.
      CREATE TABLE outbox (
        id               TEXT PRIMARY KEY,
        kind             TEXT NOT NULL,
        entity_id        TEXT NOT NULL,
        state            TEXT NOT NULL DEFAULT 'queued',
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  TEXT,
        last_error       TEXT,
        progress         TEXT NOT NULL DEFAULT '{}',
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        done_at          TEXT
      );
      CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
    `,
  },
  {
    version: 3,
    name: 'recordings: captures, timeline, stop reasons, levels, kept originals and analysis copies',
    sql: `
      -- One press of Record writes one recording per stream; they share the capture id.
      ALTER TABLE recordings ADD COLUMN capture_id TEXT;
      -- Session timeline (µs since the Unix epoch) of the first frame or reading: aligns streams.
      ALTER TABLE recordings ADD COLUMN start_us INTEGER;
      ALTER TABLE recordings ADD COLUMN stop_reason TEXT;
      ALTER TABLE recordings ADD COLUMN peak REAL;
      ALTER TABLE recordings ADD COLUMN clipped_samples INTEGER NOT NULL DEFAULT 0;
      -- The microphone's name or the sensor's address.
      ALTER TABLE recordings ADD COLUMN source_label TEXT;
      -- Paths are relative to the data folder, so a folder copied to another disk still works.
      -- original_path: an imported file kept byte for byte; analysis_path: mono 16 kHz copy.
      ALTER TABLE recordings ADD COLUMN original_path TEXT;
      ALTER TABLE recordings ADD COLUMN analysis_path TEXT;
      ALTER TABLE recordings ADD COLUMN bytes INTEGER;
      -- Start-up finds interrupted recordings with this (a partial index: only live rows are in it).
      CREATE INDEX recordings_live ON recordings(status) WHERE status = 'recording';
    `,
  },
  {
    version: 4,
    name: 'reports and sync: customer signatures, generated reports, one active upload per session',
    sql: `
      -- The customer's signature, drawn on screen, as vector strokes (small, exact, and drawn
      -- crisply into the PDF). One per session; signing again replaces it.
      CREATE TABLE session_signatures (
        session_id   TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        signer_name  TEXT,
        strokes      TEXT NOT NULL,
        width        REAL NOT NULL,
        height       REAL NOT NULL,
        signed_at    TEXT NOT NULL
      ) WITHOUT ROWID;

      -- A PDF made for the customer; the file lives in the data folder (path relative to it).
      CREATE TABLE reports (
        id          TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        language    TEXT NOT NULL,
        path        TEXT NOT NULL,
        bytes       INTEGER NOT NULL,
        sha256      TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX reports_session ON reports(session_id, created_at);

      -- Queuing a session twice must not make two concurrent uploads of it: at most one unfinished
      -- outbox item per entity (a later change rides on a follow-up once the current one is done).
      CREATE UNIQUE INDEX outbox_active_entity ON outbox(kind, entity_id) WHERE done_at IS NULL;
      -- Set when the entity changed while its upload was under way: another upload follows. A
      -- column of its own, not a key in progress, which the running upload rewrites as it goes.
      ALTER TABLE outbox ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0;

      -- The sync account and bookkeeping (who is signed in, last success). The session cookie
      -- itself is never stored here: it goes to the SecretStore (encrypted on the desktop).
      CREATE TABLE sync_state (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'insight: full diagnosis results per recording, healthy baselines, labels per recording and repair pairs',
    sql: `
      -- The whole Diagnosis (evidence, spectra, feature vector) as JSON: the result card, the
      -- baseline and the dataset export are all built from it. Older rows stay when a newer model
      -- re-runs: the history of one recording is every row with its recording_id.
      ALTER TABLE diagnoses ADD COLUMN result TEXT;
      ALTER TABLE diagnoses ADD COLUMN status TEXT;
      ALTER TABLE diagnoses ADD COLUMN modality TEXT;
      ALTER TABLE diagnoses ADD COLUMN schema_hash TEXT;
      CREATE INDEX diagnoses_recording ON diagnoses(recording_id, created_at);

      -- Recordings the technician marked as the asset's healthy sound; the profile is learned from
      -- their latest diagnoses (features and spectrum), per modality.
      CREATE TABLE baseline_recordings (
        recording_id  TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
        asset_id      TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        added_at      TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX baseline_recordings_asset ON baseline_recordings(asset_id);

      ALTER TABLE labels ADD COLUMN recording_id TEXT REFERENCES recordings(id) ON DELETE SET NULL;
      -- An "after repair" visit points at the visit whose fault it checks: a before/after pair.
      ALTER TABLE labels ADD COLUMN after_repair_of TEXT REFERENCES sessions(id) ON DELETE SET NULL;
    `,
  },
  {
    version: 6,
    name: 'visit verdict: computed verdict per visit, technician override and acceptance, audit; technician profile on visits',
    sql: `
      -- One verdict per visit ("session"): the computed one as JSON (rebuilt whenever a diagnosis,
      -- a recording or the baseline changes), the technician's override beside it (never replacing
      -- it), and the acceptance of a computed verdict by its fingerprint. revision goes up by one
      -- whenever what the report says changes: the upload sends that revision to the server.
      CREATE TABLE visit_verdicts (
        visit_id              TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        computed              TEXT NOT NULL,
        fingerprint           TEXT NOT NULL,
        computed_at           TEXT NOT NULL,
        override              TEXT,
        accepted_fingerprint  TEXT,
        accepted_by           TEXT,
        accepted_at           TEXT,
        revision              INTEGER NOT NULL DEFAULT 1,
        updated_at            TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Who did what to a verdict and when (computed changes too): nothing is overwritten silently.
      CREATE TABLE visit_verdict_audit (
        id          TEXT PRIMARY KEY,
        visit_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        action      TEXT NOT NULL,
        technician  TEXT,
        detail      TEXT NOT NULL DEFAULT '{}',
        revision    INTEGER NOT NULL,
        at          TEXT NOT NULL
      );
      CREATE INDEX visit_verdict_audit_visit ON visit_verdict_audit(visit_id, at);

      -- The technician profile (Settings) stamped on the visit when it starts, with the name.
      ALTER TABLE sessions ADD COLUMN technician_company TEXT;
      ALTER TABLE sessions ADD COLUMN technician_licence TEXT;
      -- The verdict each PDF was made with: the upload sends that verdict with that PDF, so a
      -- revision on the server never pairs a PDF with a verdict it does not print.
      ALTER TABLE reports ADD COLUMN verdict TEXT;
      -- "Open visits" and "this equipment's open visit" are asked on every tag scan.
      CREATE INDEX sessions_open ON sessions(status, asset_id) WHERE status = 'open';
    `,
  },
  {
    version: 7,
    name: 'refrigeration: cycle readings per visit and the refrigerant record (냉매관리기록부)',
    sql: `
      -- One value per quantity per visit, with the unit, gauge/absolute, source and time it was
      -- taken as the technician gave them: the calculation converts, the record keeps what was read.
      CREATE TABLE cycle_readings (
        session_id          TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        quantity            TEXT NOT NULL,
        value               REAL NOT NULL,
        unit                TEXT NOT NULL,
        pressure_reference  TEXT,
        source              TEXT NOT NULL,
        device_id           TEXT,
        measured_at         TEXT NOT NULL,
        PRIMARY KEY (session_id, quantity)
      ) WITHOUT ROWID;

      -- The visit's lines of the legal refrigerant record: leak check, charge, recovery, capacity.
      CREATE TABLE refrigerant_records (
        session_id          TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        leak_check_result   TEXT NOT NULL,
        leak_check_points   TEXT NOT NULL DEFAULT '[]',
        leak_check_method   TEXT,
        leak_location       TEXT,
        charged_kg          REAL,
        charged_cylinder    TEXT,
        recovered_kg        REAL,
        recovered_cylinder  TEXT,
        capacity            REAL,
        capacity_unit       TEXT NOT NULL DEFAULT 'RT',
        technician          TEXT,
        updated_at          TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: 'readings: suction and discharge pressure from sensor transducers',
    sql: `
      -- Absolute kPa, as the transducer measures it (the unit is the column's); NULL for sensors
      -- without transducers and every reading stored before. Pressures sit in the same row as the
      -- temperatures sent with them, because superheat pairs values taken at one instant.
      ALTER TABLE readings ADD COLUMN suction_kpa REAL;
      ALTER TABLE readings ADD COLUMN discharge_kpa REAL;
    `,
  },
  {
    version: 9,
    name: 'equipment facts: drive, poles, mains, nameplate speed, bearings at the motor and driven ends',
    sql: `
      -- One row per asset that has facts; an asset without a row has none (every asset before this
      -- version). Bearings are catalogue designations (6205, NU306), suffixes already dropped.
      CREATE TABLE asset_facts (
        asset_id        TEXT PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        drive           TEXT CHECK (drive IN ('fixed', 'inverter')),
        poles           INTEGER CHECK (poles BETWEEN 2 AND 24 AND poles % 2 = 0),
        mains_hz        INTEGER CHECK (mains_hz IN (50, 60)),
        nominal_rpm     REAL CHECK (nominal_rpm BETWEEN 60 AND 30000),
        motor_bearing   TEXT,
        driven_bearing  TEXT,
        updated_at      TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'read models: equipment with its site and customer, the visits, the recordings',
    sql: `
      -- Published by their owners for other features to read (docs/architecture.md, "Layers and
      -- fences"): the register's equipment with its site and customer, the recording feature's
      -- visits and recordings. Another feature joins these, never the tables behind them, so an
      -- owner can change its tables and keep the view (scripts/table-ownership.test.ts).
      CREATE VIEW asset_places AS
        SELECT a.id AS asset_id, a.name AS asset_name, a.kind AS asset_kind, a.maker, a.model, a.serial_number,
               a.refrigerant, a.asset_tag, a.location, a.archived_at AS asset_archived_at,
               si.id AS site_id, si.name AS site_name, si.address AS site_address,
               c.id AS customer_id, c.name AS customer_name
          FROM assets a JOIN sites si ON si.id = a.site_id LEFT JOIN customers c ON c.id = si.customer_id;
      CREATE VIEW visit_index AS
        SELECT id AS visit_id, asset_id, started_at, ended_at, status, technician FROM sessions;
      CREATE VIEW recording_index AS
        SELECT id AS recording_id, session_id AS visit_id, started_at, stream FROM recordings;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
