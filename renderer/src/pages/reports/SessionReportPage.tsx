import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Language, ReportSession, Signature } from '../../../../shared/contract';
import { useApi, useApiQuery } from '../../app/api';
import { Detail, ErrorBanner, QueryState } from '../../components/common';
import { saveDownload } from '../../components/download';
import { formatBytes, formatDateTime } from '../../components/format';
import { useReportEvents } from './events';
import { SIGNATURE_SIZE, SignaturePad, type Stroke } from './SignaturePad';
import './reports.css';

/** One visit's report: the facts, the customer's signature, the PDF and exports, the upload. */
export function SessionReportPage() {
  const { t } = useTranslation();
  const { sessionId = '' } = useParams();
  useReportEvents();
  const session = useApiQuery('reports.session', { sessionId }, { refetchOnMount: 'always' });

  return (
    <QueryState query={session}>
      {(s) => (
        <section aria-labelledby="report-title">
          <p className="breadcrumb">
            <Link to="/reports">{t('reports.title')}</Link>
          </p>
          <h1 id="report-title">{t('reports.session.title', { asset: s.assetName })}</h1>
          <Facts session={s} />
          <SignatureSection session={s} />
          <OutputSection session={s} />
        </section>
      )}
    </QueryState>
  );
}

function Facts({ session: s }: { session: ReportSession }) {
  const { t, i18n } = useTranslation();
  const dx = s.diagnosis;
  const language: Language = i18n.language === 'ko' ? 'ko' : 'en';
  return (
    <>
      <dl className="details">
        <Detail label={t('reports.columns.customer')} value={s.customerName} />
        <Detail label={t('reports.columns.site')} value={[s.siteName, s.siteAddress].filter(Boolean).join(', ')} />
        <Detail label={t('reports.columns.asset')} value={<Link to={`/assets/${s.assetId}`}>{s.assetName}</Link>} />
        <Detail label={t('reports.session.started')} value={formatDateTime(s.startedAt)} />
        <Detail label={t('reports.session.technician')} value={s.technician} />
        <Detail
          label={t('reports.session.diagnosis')}
          value={
            dx
              ? t('reports.session.diagnosisLine', {
                  condition: dx.condition[language],
                  severity: t(`reports.severity.${dx.severity}`),
                  confidence: `${Math.round(dx.confidence * 100)}%`,
                })
              : t('reports.session.noDiagnosis')
          }
        />
        <Detail
          label={t('reports.session.recordings')}
          value={
            s.recordings.length === 0
              ? t('reports.session.noRecordings')
              : s.recordings
                  .map((r) =>
                    [
                      t(`reports.pdf.streams.${r.stream}`, { defaultValue: r.stream }),
                      r.durationS === null ? null : t('reports.pdf.seconds', { value: r.durationS.toFixed(1) }),
                      r.hasFile ? null : `(${t('reports.session.fileMissing')})`,
                    ]
                      .filter(Boolean)
                      .join(' '),
                  )
                  .join(', ')
          }
        />
        <Detail label={t('reports.session.photos')} value={s.photos.length === 0 ? t('reports.session.noPhotos') : String(s.photos.length)} />
      </dl>
      {s.notes ? <Detail label={t('reports.session.notes')} value={s.notes} /> : null}
    </>
  );
}

function SignatureSection({ session: s }: { session: ReportSession }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const id = useId();
  const [signing, setSigning] = useState(s.signature === null);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [signer, setSigner] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);

  const save = async () => {
    setError(null);
    if (!strokes.some((stroke) => stroke.length >= 2)) {
      setEmpty(true);
      return;
    }
    try {
      await client.call('reports.sign', { sessionId: s.sessionId, signerName: signer, ...SIGNATURE_SIZE, strokes });
      setSigning(false);
      setStrokes([]);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('reports.signature.title')}</h2>
      {!signing && s.signature ? (
        <div className="actions">
          <SignaturePreview signature={s.signature} />
          <p role="status">
            {s.signature.signerName
              ? t('reports.signature.signedBy', { name: s.signature.signerName, date: formatDateTime(s.signature.signedAt) })
              : t('reports.signature.signedOn', { date: formatDateTime(s.signature.signedAt) })}
          </p>
          <button type="button" onClick={() => setSigning(true)}>
            {t('reports.signature.again')}
          </button>
          <button type="button" onClick={() => void client.call('reports.clearSignature', { sessionId: s.sessionId })}>
            {t('reports.signature.remove')}
          </button>
        </div>
      ) : (
        <div className="form">
          <p className="field-hint">{t('reports.signature.hint')}</p>
          <SignaturePad
            onChange={(next) => {
              setStrokes(next);
              setEmpty(false);
            }}
          />
          <div className="field">
            <label htmlFor={`${id}-signer`}>{t('reports.signature.signerName')}</label>
            <input id={`${id}-signer`} value={signer} onChange={(e) => setSigner(e.target.value)} autoComplete="off" />
          </div>
          {empty ? (
            <p className="field-error" role="alert">
              <span aria-hidden="true">{'⚠ '}</span>
              {t('reports.signature.empty')}
            </p>
          ) : null}
          <ErrorBanner error={error} />
          <div className="form-actions">
            <button type="button" className="button-primary" onClick={() => void save()}>
              {t('reports.signature.save')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The stored strokes drawn as SVG: what the PDF will show. */
function SignaturePreview({ signature }: { signature: Signature }) {
  const { t } = useTranslation();
  return (
    <svg className="signature-preview" viewBox={`0 0 ${signature.width} ${signature.height}`} role="img" aria-label={t('reports.signature.title')}>
      {signature.strokes.map((stroke, i) => (
        <polyline key={i} points={stroke.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke="#0f0f0f" strokeWidth={3} strokeLinecap="round" strokeLinejoin="round" />
      ))}
    </svg>
  );
}

function OutputSection({ session: s }: { session: ReportSession }) {
  const { t, i18n } = useTranslation();
  const { client } = useApi();
  const id = useId();
  const [language, setLanguage] = useState<Language>(i18n.language === 'ko' ? 'ko' : 'en');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(async () => {
      setCreated(false);
      await client.call('reports.create', { sessionId: s.sessionId, language });
      setCreated(true);
    });

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('reports.output.title')}</h2>
      {s.signature ? null : <p className="notice">{t('reports.output.unsigned')}</p>}
      <div className="actions">
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('reports.output.language')}</label>
          <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'ko')}>
            <option value="ko">{t('reports.languages.ko')}</option>
            <option value="en">{t('reports.languages.en')}</option>
          </select>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="button-primary" disabled={busy} onClick={() => void create()}>
          {busy ? t('reports.output.creating') : t('reports.output.create')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run(async () => saveDownload(await client.call('reports.export', { sessionId: s.sessionId, format: 'json', language })))}>
          {t('reports.output.exportJson')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run(async () => saveDownload(await client.call('reports.export', { sessionId: s.sessionId, format: 'csv', language })))}>
          {t('reports.output.exportCsv')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run(async () => void (await client.call('sync.enqueueSession', { sessionId: s.sessionId })))}>
          {t('reports.output.queue')}
        </button>
      </div>
      {created ? (
        <p role="status" className="saved">
          <span aria-hidden="true">{'✔ '}</span>
          {t('reports.output.created')}
        </p>
      ) : null}
      {s.syncState ? <p role="status">{t('reports.output.queued', { state: t(`sync.itemState.${s.syncState}`) })}</p> : null}
      <ErrorBanner error={error} />
      <h3>{t('reports.output.list')}</h3>
      {s.reports.length === 0 ? (
        <p className="empty">{t('reports.output.none')}</p>
      ) : (
        <ul className="report-list">
          {s.reports.map((r) => (
            <li key={r.id}>
              <span>{`${formatDateTime(r.createdAt)} · ${t(`reports.languages.${r.language}`)} · ${formatBytes(r.bytes)}`}</span>
              <button type="button" onClick={() => void run(async () => saveDownload(await client.call('reports.download', { reportId: r.id })))}>
                {t('reports.output.download')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
