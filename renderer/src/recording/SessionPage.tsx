import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Recording, SessionDetail } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { Detail, QueryState, SavedMark } from '../components/common';
import { formatDateTime } from '../components/format';
import { recordingErrorMessage } from './errors';
import { formatHz, formatSeconds, toDbfs } from './format';
import { ImportPanel } from './ImportPanel';
import { LinkHealthTable } from './LinkHealthTable';
import { Photos } from './Photos';
import { ReadingsChart } from './ReadingsChart';
import { RecordingViewer } from './RecordingViewer';
import { RecordPanel } from './RecordPanel';
import './recording.css';
import { Alert } from './Alert';
import { DiagnosisPanel } from '../insight/DiagnosisPanel';
import { CyclePanel } from '../refrigeration/CyclePanel';

/** One visit: what was recorded, how the sensors' links held up, notes and photos; record more, export, delete. */
export function SessionPage() {
  const { id = '' } = useParams();
  const session = useApiQuery('sessions.get', { id });
  return <QueryState query={session}>{(s) => <SessionView session={s} />}</QueryState>;
}

function SessionView({ session: s }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [exported, setExported] = useState<{ fileName: string; url: string; path: string } | null>(null);
  const [exporting, setExporting] = useState(false);

  const samples = s.recordings.filter((r) => r.stream !== 'readings' && r.frames > 0);
  const shown = s.recordings.find((r) => r.id === selected) ?? samples.at(-1) ?? s.recordings.find((r) => r.stream === 'readings' && r.frames > 0) ?? null;
  const open = s.status === 'open';

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };

  return (
    <section aria-labelledby="session-title">
      <p className="breadcrumb">
        <Link to={`/sites/${s.siteId}`}>{s.siteName}</Link>
        {' › '}
        <Link to={`/assets/${s.assetId}`}>{s.assetName}</Link>
      </p>
      <div className="page-header">
        <h1 id="session-title">
          {t('recording.session.title', { asset: s.assetName })}
          {!open ? <span className="tag tag-archived">{t('recording.session.status.closed')}</span> : null}
        </h1>
        <div className="actions">
          <Link className="button" to={`/reports/${s.id}`}>
            {t('recording.session.report')}
          </Link>
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
      <Alert message={error} />

      <dl className="details">
        <Detail label={t('recording.session.technician')} value={s.technician} />
        <Detail label={t('recording.session.started')} value={formatDateTime(s.startedAt)} />
        <Detail label={t('recording.session.ended')} value={s.endedAt ? formatDateTime(s.endedAt) : null} />
        <Detail label={t('recording.session.recorded')} value={formatSeconds(s.recordedS)} />
      </dl>

      <NotesEditor key={s.id} session={s} />

      {open ? <RecordPanel sessionId={s.id} disabled={!open} /> : null}

      <section aria-labelledby="recordings-title" className="panel">
        <h2 id="recordings-title">{t('recording.list.title')}</h2>
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
        {open ? (
          <>
            <h3>{t('recording.import.title')}</h3>
            <ImportPanel sessionId={s.id} disabled={!open} />
          </>
        ) : null}
      </section>

      <DiagnosisPanel sessionId={s.id} recordings={s.recordings} />

      <CyclePanel sessionId={s.id} />

      <section aria-labelledby="health-title" className="panel">
        <h2 id="health-title">{t('recording.health.title')}</h2>
        <LinkHealthTable devices={s.devices} />
      </section>

      <section aria-labelledby="photos-title" className="panel">
        <h2 id="photos-title">{t('recording.photos.title')}</h2>
        <Photos sessionId={s.id} photos={s.photos} />
      </section>
    </section>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function describe(r: Recording, t: T): string {
  const source = r.source === 'import' ? (r.originalName ?? t('recording.sources.import')) : r.source === 'sensor' ? (r.deviceId ?? '') : (r.sourceLabel ?? t('recording.sources.microphone'));
  return `${t(`recording.streams.${r.stream}`)} · ${source}`;
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
              <span className="muted">{` · ${t(`recording.sources.${r.source}`)}`}</span>
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
