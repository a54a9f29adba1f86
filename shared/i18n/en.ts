import { sensorsEn } from './sensors';
import { recordingEn } from './recording';
import { reportsEn } from './reports';
import { syncEn } from './sync';
import { shippingEn } from './shipping';
import { insightEn } from './insight';
import { storageEn } from './storage';
import { verdictEn } from './verdict';
import { fileErrorsEn } from './file-errors';
import { refrigerationEn } from './refrigeration';
import { uiEn } from './ui';
import { bearingEn } from './bearing';

/**
 * English UI text. Korean (ko.ts) must have exactly the same keys: the type `Catalog` is derived
 * from this file and ko.ts is checked against it, and a unit test compares the two at run time.
 */
export const en = {
  app: {
    name: 'SignalCraft Field',
    tagline: 'Compressor diagnostics',
    skipToContent: 'Skip to content',
  },
  nav: {
    sites: 'Sites',
    assets: 'Equipment',
    settings: 'Settings',
    about: 'About',
    main: 'Main',
  },
  connection: {
    lost: 'Connection to the SignalCraft back end lost. Reconnecting…',
  },
  quickOpen: {
    label: 'Asset tag',
    placeholder: 'Scan or type a tag',
    open: 'Open',
    notFound: 'No equipment carries the tag “{{tag}}”.',
  },
  common: {
    save: 'Save',
    cancel: 'Cancel',
    edit: 'Edit',
    archive: 'Archive',
    restore: 'Restore',
    archived: 'Archived',
    search: 'Search',
    showArchived: 'Show archived',
    loading: 'Loading…',
    never: 'Never',
    none: '—',
    back: 'Back',
    retry: 'Try again',
    saved: 'Saved',
    required: 'required',
    optional: 'optional',
    noResults: 'Nothing matches “{{query}}”.',
  },
  sites: {
    title: 'Sites',
    new: 'New site',
    edit: 'Edit site',
    searchLabel: 'Search sites by name, address, customer or asset tag',
    empty: 'No sites yet. Add the first customer site you service.',
    name: 'Site name',
    customer: 'Customer',
    address: 'Address',
    contactName: 'Contact person',
    contactPhone: 'Contact phone',
    notes: 'Notes',
    assetCount: 'Equipment',
    lastService: 'Last service',
    assets: 'Equipment at this site',
    noAssets: 'No equipment registered at this site yet.',
    archivedNotice: 'This site is archived. Restore it to add equipment.',
    created: 'Site created',
  },
  assets: {
    title: 'Equipment',
    new: 'Add equipment',
    edit: 'Edit equipment',
    searchLabel: 'Search equipment by name, tag, maker, model, serial or site',
    empty: 'No equipment registered yet.',
    name: 'Name',
    site: 'Site',
    kind: 'Type',
    maker: 'Maker',
    model: 'Model',
    serialNumber: 'Serial number',
    refrigerant: 'Refrigerant',
    assetTag: 'Asset tag (QR / barcode)',
    location: 'Location on site',
    notes: 'Notes',
    lastService: 'Last service',
    sessions: 'Service history',
    noSessions: 'No visits recorded for this equipment yet.',
    kinds: {
      compressor: 'Compressor',
      condensing_unit: 'Condensing unit',
      walk_in_cooler: 'Walk-in cooler / freezer',
      reach_in_refrigerator: 'Reach-in refrigerator',
      display_case: 'Display case',
      ice_machine: 'Ice machine',
      heat_pump: 'Heat pump',
      air_conditioner: 'Air conditioner',
      chiller: 'Chiller',
      other: 'Other',
    },
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    languageSystem: 'Same as the computer',
    dataDir: 'Data folder',
    dataDirHint: 'Recordings and history are kept here. Start the app with --data-dir to use another folder.',
    serverUrl: 'SignalCraft server address',
    serverUrlHint: 'Reports are uploaded here when the laptop is online. Leave empty to work offline only.',
    technicianName: 'Technician name',
    units: 'Units',
    temperatureUnit: 'Temperature',
    vibrationUnit: 'Vibration velocity',
    celsius: '°C (Celsius)',
    fahrenheit: '°F (Fahrenheit)',
    mm_s: 'mm/s',
    in_s: 'in/s',
  },
  about: {
    title: 'About and health',
    version: 'App version',
    schema: 'Database schema',
    runtime: 'Running as',
    platform: 'Platform',
    dataDir: 'Data folder',
    database: 'Database file',
    databaseSize: 'Database size',
    checks: 'Checks',
    refresh: 'Check again',
    status: {
      ok: 'OK',
      warn: 'Warning',
      fail: 'Broken',
    },
    overall: {
      ok: 'Everything works.',
      warn: 'Working, with warnings.',
      fail: 'Something is broken. See the items marked Broken.',
    },
    checkNames: {
      'native.better-sqlite3': 'Database engine (better-sqlite3)',
      'native.serialport': 'USB serial (serialport)',
      'native.onnxruntime-node': 'Diagnosis engine (onnxruntime)',
      database: 'Database integrity',
      disk: 'Free disk space',
      model: 'Diagnosis model',
    },
  },
  sensors: sensorsEn,
  errors: {
    code: {
      invalid_request: 'The app sent a request the back end did not understand.',
      unknown_method: 'This version of the back end does not support that action.',
      invalid_params: 'Please check the highlighted field.',
      not_found: 'It no longer exists (deleted or archived elsewhere?).',
      invalid_file: 'This file cannot be used.',
      conflict: 'This clashes with something already saved.',
      unauthorized: 'Not allowed. Pair this device again.',
      storage_error: 'The data could not be saved. Nothing already stored was lost.',
      unavailable: 'Not possible right now.',
      internal: 'Something went wrong. Please try again; if it keeps happening, make a diagnostics bundle on the About page.',
    },
    field: {
      required: 'This is required.',
      tooLong: 'At most {{max}} characters.',
      format: 'This does not look right.',
      url: 'Enter an address starting with http:// or https://.',
      tag: 'Letters, digits and - _ . : / # + only.',
    },
    conflict: {
      assetTag: 'This tag is already on another piece of equipment.',
      siteArchived: 'This site is archived. Restore it first.',
    },
  },
  recording: recordingEn,
  sync: syncEn,
  reports: reportsEn,
  shipping: shippingEn,
  insight: insightEn,
  storage: storageEn,
  verdict: verdictEn,
  fileErrors: fileErrorsEn,
  refrigeration: refrigerationEn,
  ui: uiEn,
  bearing: bearingEn,
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalog = Widen<typeof en>;
