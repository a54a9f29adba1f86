import { Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Localized, Recording, SessionDetail, SessionInsight } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { QueryState, SavedMark } from '../components/common';
import { formatDateTime } from '../components/format';
import { recordingErrorMessage } from './errors';
import { formatHz, formatSeconds, toDbfs } from './format';
import { LinkHealthTable } from './LinkHealthTable';
import { Photos } from './Photos';
import { ReadingsChart } from './ReadingsChart';
import { RecordingViewer } from './RecordingViewer';
import './recording.css';
import { Alert } from './Alert';
import { DiagnosisPanel } from '../insight/DiagnosisPanel';
import { VerdictPanel } from '../verdict/VerdictPanel';
import { useVerdictLive } from '../verdict/useVerdict';
import { GuidedMeasurement } from './guided/GuidedMeasurement';
import { type StepKey, stepStates } from './guided/steps';
import { CyclePanel } from '../refrigeration/CyclePanel';

/**
 * One visit, answer first: the equipment, the technician and the visit verdict with the next step
 * at the top; below it the guided measurement (steps for this kind of equipment, the recorder with
 * the sensor chosen, each step's result in place); details (recordings, spectra, evidence with
 * numbers, link health) on demand; memo, tags and photos last.
 */
export function SessionPage() {
  const { id = '' } = useParams();
  const session = useApiQuery('sessions.get', { id });
  return <QueryState query={session}>{(s) => <SessionView session={s} />}</QueryState>;
}

function SessionView({ session: s }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  useVerdictLive();
  const verdict = useApiQuery('visits.verdict', { visitId: s.id });
  const asset = useApiQuery('assets.get', { id: s.assetId });
  const insight = useApiQuery('insight.session', { sessionId: s.id });
  const [selected, setSelected] = useState<string | null>(null);
  const [chosenStep, setChosenStep] = useState<StepKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [exported, setExported] = useState<{ fileName: string; url: string; path: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [detailsOpen, showDetails] = useDetailsOpen(s.id);

  const samples = s.recordings.filter((r) => r.stream !== 'readings' && r.frames > 0);
  const shown = s.recordings.find((r) => r.id === selected) ?? samples.at(-1) ?? s.recordings.find((r) => r.stream === 'readings' && r.frames > 0) ?? null;
  const open = s.status === 'open';
  const kind = asset.data?.kind ?? null;
  const steps = stepStates(kind, s.recordings);
  const nextStep = steps.find((x) => x.state === 'next' && x.stream !== 'readings') ?? null;
  const conditions = conditionChoices(insight.data);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };

  const goToStep = (key: StepKey) => {
    setChosenStep(key);
    requestAnimationFrame(() => {
      const record = document.getElementById('record-title');
      record?.scrollIntoView({ block: 'start' });
      record?.closest('section')?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    });
  };

  const next =
    open && nextStep ? (
      <Button onClick={() => goToStep(nextStep.key)}>{t('ui.next.measure', { step: t(`ui.steps.name.${nextStep.key}`) })}</Button>
    ) : verdict.data && !verdict.data.computed.complete ? (
      <Text fw={700}>{t('ui.next.wait')}</Text>
    ) : (
      <Button component={Link} to={`/reports/${s.id}`}>
        {t('ui.next.sign')}
      </Button>
    );
  const technician = [s.technician, s.technicianCompany, s.technicianLicence ? t('ui.visit.licence', { number: s.technicianLicence }) : null].filter(Boolean).join(' · ');

  return (
    <section aria-labelledby="session-title" className="visit-page">
      <p className="breadcrumb">
        <Link to={`/sites/${s.siteId}`}>{s.siteName}</Link>
        {' › '}
        <Link to={`/assets/${s.assetId}`}>{s.assetName}</Link>
      </p>
      <div className="page-header visit-header">
        <div>
          <h1 id="session-title">
            {t('recording.session.title', { asset: s.assetName })}
            {!open ? <span className="tag tag-archived">{t('recording.session.status.closed')}</span> : null}
          </h1>
          <p className="visit-who">
            {t('ui.visit.who', { technician: technician || t('ui.visit.noTechnician'), when: formatDateTime(s.startedAt) })}
          </p>
        </div>
        <div className="actions">
          <Link className="button" to={`/reports/${s.id}`}>
            {t('recording.session.report')}
          </Link>
        </div>
      </div>
      <Alert message={error} />

      <QueryState query={verdict}>{(v) => <VerdictPanel verdict={v} next={next} conditions={conditions} />}</QueryState>

      <GuidedMeasurement sessionId={s.id} kind={kind} recordings={s.recordings} findings={verdict.data?.computed.findings ?? []} open={open} chosen={chosenStep} onChoose={goToStep} />

      <CyclePanel sessionId={s.id} />

      <details className="visit-details panel" open={detailsOpen} onToggle={(e) => showDetails(e.currentTarget.open)}>
        <summary>{t('ui.sections.details')}</summary>
        <section aria-labelledby="recordings-title">
          <h2 id="recordings-title">{t('ui.sections.recordings')}</h2>
          {s.recordings.length === 0 ? (
            <p className="empty">{t('recording.list.none')}</p>
          ) : (
            <RecordingTable recordings={s.recordings} shown={shown?.id ?? null} onShow={setSelected} />
          )}
          {shown ? (
            <div className="shown-recording">
              <h3>{describe(shown, t)}</h3>
              {shown.stream === 'readings' ? <ReadingsChart key={shown.id} recording={shown} /> : <RecordingViewer key={shown.id} recording={shown} />}
            </div>
          ) : null}
        </section>
        <DiagnosisPanel sessionId={s.id} recordings={s.recordings} />
        <section aria-labelledby="health-title" className="panel">
          <h2 id="health-title">{t('recording.health.title')}</h2>
          <LinkHealthTable devices={s.devices} />
        </section>
      </details>

      <section aria-labelledby="memo-title" className="panel">
        <h2 id="memo-title">{t('ui.sections.memo')}</h2>
        <NotesEditor key={s.id} session={s} />
        <h3 id="photos-title">{t('recording.photos.title')}</h3>
        <Photos sessionId={s.id} photos={s.photos} />
      </section>

      <section aria-labelledby="visit-actions-title" className="panel">
        <h2 id="visit-actions-title">{t('ui.sections.visit')}</h2>
        <div className="actions">
          <button
            type="button"
            disabled={exporting}
            onClick={() =>
              void act(async () => {
                setExporting(true);
                try {
                  setExported(await client.call('sessions.export', { id: s.id }));
                } finally {
                  setExporting(false);
                }
              })
            }
          >
            {exporting ? t('recording.session.exporting') : t('recording.session.export')}
          </button>
          <button type="button" onClick={() => void act(() => client.call('sessions.update', { id: s.id, status: open ? 'closed' : 'open' }))}>
            {open ? t('recording.session.close') : t('recording.session.reopen')}
          </button>
          <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)}>
            {t('recording.session.delete')}
          </button>
        </div>
        {confirmDelete ? (
          <div className="banner banner-error confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
            <p id="confirm-delete-text">{t('recording.session.confirmDelete', { count: s.recordings.length, photos: s.photos.length })}</p>
            <div className="actions">
              <button
                type="button"
                className="button-danger"
                onClick={() =>
                  void act(async () => {
                    await client.call('sessions.delete', { id: s.id });
                    void navigate(`/assets/${s.assetId}`);
                  })
                }
              >
                {t('recording.session.confirmDeleteYes')}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : null}
        {exported ? (
          <p className="saved" role="status">
            {t('recording.session.exported', { path: exported.path })}{' '}
            <a href={exported.url} download={exported.fileName}>
              {t('recording.session.download', { name: exported.fileName })}
            </a>
          </p>
        ) : null}
      </section>
    </section>
  );
}

/** Details stay open for this visit once opened (a reload or a trip to the report keeps them), closed for a new one. */
function useDetailsOpen(visitId: string): [boolean, (open: boolean) => void] {
  const key = `signalcraft.visitDetails.${visitId}`;
  const [open, setOpen] = useState(() => {
    try {
      return window.sessionStorage.getItem(key) === '1';
    } catch {
      return false;
    }
  });
  const show = (next: boolean) => {
    setOpen(next);
    try {
      window.sessionStorage.setItem(key, next ? '1' : '0');
    } catch {
      // Private mode: open for this page only.
    }
  };
  return [open, show];
}

/** Conditions the technician may pick when changing the verdict: every class the models know. */
function conditionChoices(insight: SessionInsight | undefined): { key: string; name: Localized }[] {
  const seen = new Map<string, Localized>();
  for (const r of insight?.recordings ?? []) for (const d of r.results) for (const p of d.diagnosis.probabilities) seen.set(p.key, p.name);
  return [...seen].map(([key, name]) => ({ key, name }));
}

type T = ReturnType<typeof useTranslation>['t'];

/** "Sound · sensor e2e-1" / "Vibration · imported file pump.csv": what a recording is, at a glance. */
function describe(r: Recording, t: T): string {
  const what = r.source === 'import' ? (r.originalName ?? '') : r.source === 'sensor' ? (r.deviceId ?? '') : (r.sourceLabel ?? '');
  return [t(`ui.cards.${r.stream}`), t(`ui.cards.source.${r.source}`), what].filter(Boolean).join(' · ');
}

function RecordingTable({ recordings, shown, onShow }: { recordings: Recording[]; shown: string | null; onShow: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <table className="list-table recordings-table">
      <thead>
        <tr>
          <th scope="col">{t('recording.list.when')}</th>
          <th scope="col">{t('recording.list.what')}</th>
          <th scope="col" className="numeric">
            {t('recording.list.length')}
          </th>
          <th scope="col">{t('recording.list.format')}</th>
          <th scope="col">{t('recording.list.status')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('recording.list.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {recordings.map((r) => (
          <tr key={r.id} data-recording={r.id} aria-current={r.id === shown ? 'true' : undefined}>
            <td>{formatDateTime(r.startedAt)}</td>
            <td>
              {describe(r, t)}
            </td>
            <td className="numeric">{r.stream === 'readings' ? t('recording.list.readings', { count: r.frames }) : formatSeconds(r.durationS)}</td>
            <td>
              {r.sampleRate ? `${formatHz(r.sampleRate)} · ${t('recording.list.channels', { count: r.channels ?? 1 })}` : t('common.none')}
              {r.peak !== null && r.stream === 'audio' ? <span className="muted">{` · ${t('recording.list.peak', { level: toDbfs(r.peak) })}`}</span> : null}
            </td>
            <td>
              <RecordingStatus recording={r} />
            </td>
            <td>
              {r.frames > 0 ? (
                <button type="button" onClick={() => onShow(r.id)} aria-pressed={r.id === shown}>
                  {t('recording.list.show')}
                </button>
              ) : null}
              {r.hasOriginal ? (
                <a className="button" href={`files/recordings/${r.id}/original`} download={r.originalName ?? undefined}>
                  {t('recording.list.original')}
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecordingStatus({ recording: r }: { recording: Recording }) {
  const { t } = useTranslation();
  const level =
    r.status === 'recording' ? 'rec' : r.status === 'failed' ? 'fail' : r.status === 'recovered' || r.gaps.length > 0 || r.clippedSamples > 0 ? 'warn' : 'ok';
  const shape = { rec: '●', ok: '✔', warn: '▲', fail: '✖' }[level];
  return (
    <span className={`status status-${level}`}>
      <span aria-hidden="true">{shape}</span>
      {t(`recording.status.${r.status}`)}
      {r.status === 'recording' ? null : (
        <span className="status-detail">
          {r.stopReason && r.stopReason !== 'user' && r.stopReason !== 'imported' ? ` · ${t(`recording.stopShort.${r.stopReason}`)}` : ''}
          {r.gaps.length > 0 ? ` · ${t('recording.list.gaps', { count: r.gaps.length })}` : ''}
          {r.clippedSamples > 0 ? ` · ${t('recording.list.clipped')}` : ''}
        </span>
      )}
    </span>
  );
}

function NotesEditor({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const [notes, setNotes] = useState(session.notes ?? '');
  const [tags, setTags] = useState(session.tags.join(', '));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setSaved(false);
    setError(null);
    try {
      const list = tags
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
      await client.call('sessions.update', { id: session.id, notes, tags: list });
      setSaved(true);
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };

  return (
    <form
      className="form notes-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="field">
        <label htmlFor="session-notes">{t('recording.session.notes')}</label>
        <textarea id="session-notes" value={notes} maxLength={4000} onChange={(e) => setNotes(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="session-tags">{t('recording.session.tags')}</label>
        <input id="session-tags" value={tags} onChange={(e) => setTags(e.target.value)} aria-describedby="session-tags-hint" />
        <p id="session-tags-hint" className="field-hint">
          {t('recording.session.tagsHint')}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit">{t('common.save')}</button>
        <SavedMark shown={saved} />
      </div>
      <Alert message={error} />
    </form>
  );
}
