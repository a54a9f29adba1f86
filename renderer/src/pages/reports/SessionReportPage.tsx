import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
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
          <Anchor component={Link} to="/reports" fw={600}>
            {t('reports.title')}
          </Anchor>
          <Title order={1} id="report-title" my="sm">
            {t('reports.session.title', { asset: s.assetName })}
          </Title>
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
      <Title order={2} size="h3" id={`${id}-title`} mt="lg" mb="sm">
        {t('reports.signature.title')}
      </Title>
      {!signing && s.signature ? (
        <Group gap="md" wrap="wrap">
          <SignaturePreview signature={s.signature} />
          <Text role="status">
            {s.signature.signerName
              ? t('reports.signature.signedBy', { name: s.signature.signerName, date: formatDateTime(s.signature.signedAt) })
              : t('reports.signature.signedOn', { date: formatDateTime(s.signature.signedAt) })}
          </Text>
          <Button variant="default" onClick={() => setSigning(true)}>
            {t('reports.signature.again')}
          </Button>
          <Button variant="default" onClick={() => void client.call('reports.clearSignature', { sessionId: s.sessionId })}>
            {t('reports.signature.remove')}
          </Button>
        </Group>
      ) : (
        <Stack gap="md" maw={640}>
          <Text c="dimmed">{t('reports.signature.hint')}</Text>
          <SignaturePad
            onChange={(next) => {
              setStrokes(next);
              setEmpty(false);
            }}
          />
          <TextInput
            label={t('reports.signature.signerName')}
            value={signer}
            onChange={(e) => setSigner(e.currentTarget.value)}
            autoComplete="off"
          />
          {empty ? (
            <Text role="alert" className="text-fail" fw={700}>
              <span aria-hidden="true">{'⚠ '}</span>
              {t('reports.signature.empty')}
            </Text>
          ) : null}
          <ErrorBanner error={error} />
          <Group>
            <Button onClick={() => void save()}>{t('reports.signature.save')}</Button>
          </Group>
        </Stack>
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
    <Stack component="section" aria-labelledby={`${id}-title`} gap="sm">
      <Title order={2} size="h3" id={`${id}-title`} mt="lg">
        {t('reports.output.title')}
      </Title>
      {s.signature ? null : <Text c="dimmed">{t('reports.output.unsigned')}</Text>}
      <NativeSelect
        label={t('reports.output.language')}
        maw={320}
        value={language}
        onChange={(e) => setLanguage(e.currentTarget.value === 'en' ? 'en' : 'ko')}
        data={[
          { value: 'ko', label: t('reports.languages.ko') },
          { value: 'en', label: t('reports.languages.en') },
        ]}
      />
      <Group gap="sm" wrap="wrap">
        <Button disabled={busy} onClick={() => void create()}>
          {busy ? t('reports.output.creating') : t('reports.output.create')}
        </Button>
        <Button variant="default" disabled={busy} onClick={() => void run(async () => saveDownload(await client.call('reports.export', { sessionId: s.sessionId, format: 'json', language })))}>
          {t('reports.output.exportJson')}
        </Button>
        <Button variant="default" disabled={busy} onClick={() => void run(async () => saveDownload(await client.call('reports.export', { sessionId: s.sessionId, format: 'csv', language })))}>
          {t('reports.output.exportCsv')}
        </Button>
        <Button variant="default" disabled={busy} onClick={() => void run(async () => void (await client.call('sync.enqueueSession', { sessionId: s.sessionId })))}>
          {t('reports.output.queue')}
        </Button>
      </Group>
      {created ? (
        <Text role="status" className="saved">
          <span aria-hidden="true">{'✔ '}</span>
          {t('reports.output.created')}
        </Text>
      ) : null}
      {s.syncState ? <Text role="status">{t('reports.output.queued', { state: t(`sync.itemState.${s.syncState}`) })}</Text> : null}
      <ErrorBanner error={error} />
      <Title order={3} size="h4" mt="sm">
        {t('reports.output.list')}
      </Title>
      {s.reports.length === 0 ? (
        <Text className="empty">{t('reports.output.none')}</Text>
      ) : (
        <Stack component="ul" className="plain-list" gap="xs">
          {s.reports.map((r) => (
            <Group component="li" key={r.id} gap="md" wrap="wrap">
              <span>{`${formatDateTime(r.createdAt)} · ${t(`reports.languages.${r.language}`)} · ${formatBytes(r.bytes)}`}</span>
              <Button variant="default" onClick={() => void run(async () => saveDownload(await client.call('reports.download', { reportId: r.id })))}>
                {t('reports.output.download')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
