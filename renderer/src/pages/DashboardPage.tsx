import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssetUrgency } from '../../../shared/contract';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDate } from '../components/format';
import { useLocalized } from '../insight/live';
import { TagEntry } from '../scan/TagEntry';
import { AssetVerdictCertainty, AssetVerdictState } from '../verdict/AssetVerdict';
import { OpenVisitList } from '../verdict/OpenVisitList';
import { useVerdictLive } from '../verdict/useVerdict';
import { ProfilePrompt } from './ProfilePrompt';

/**
 * Home: what the technician came for, in the order they need it. Scan a tag, go back to a visit in
 * progress, see which machines need attention, and what has not reached the office yet.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const settings = useApiQuery('settings.get', {});
  useVerdictLive();
  return (
    <Stack component="section" aria-labelledby="dashboard-title" gap="lg">
      <h1 id="dashboard-title">{t('ui.dashboard.title')}</h1>
      {settings.data ? <ProfilePrompt settings={settings.data} /> : null}
      <Card withBorder padding="lg" component="section" aria-labelledby="scan-title">
        <Title order={2} id="scan-title" size="h3">
          {t('ui.dashboard.scanTitle')}
        </Title>
        <TagEntry idPrefix="home" />
      </Card>
      <div className="dashboard-grid">
        <OpenVisitsCard />
        <UnsyncedCard />
      </div>
      <AttentionCard />
    </Stack>
  );
}

function OpenVisitsCard() {
  const { t } = useTranslation();
  const visits = useApiQuery('visits.open', {});
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-visits-title">
      <Title order={2} id="home-visits-title" size="h3">
        {t('ui.dashboard.openVisits')}
      </Title>
      <QueryState query={visits}>{(list) => <OpenVisitList visits={list.slice(0, 5)} />}</QueryState>
    </Card>
  );
}

function UnsyncedCard() {
  const { t } = useTranslation();
  const status = useSyncStatusLive();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-sync-title">
      <Title order={2} id="home-sync-title" size="h3">
        {t('ui.dashboard.unsynced')}
      </Title>
      <QueryState query={status}>
        {(s) => {
          const waiting = s.counts.queued + s.counts.uploading + s.counts.waiting;
          return (
            <Stack gap="xs">
              {waiting + s.counts.failed === 0 ? (
                <Text>{t('ui.dashboard.unsyncedNone')}</Text>
              ) : (
                <>
                  {waiting > 0 ? <Text fw={700}>{t('ui.dashboard.unsyncedCount', { count: waiting })}</Text> : null}
                  {s.counts.failed > 0 ? (
                    <Text fw={700} className="text-fail">
                      <span aria-hidden="true">{'✖ '}</span>
                      {t('ui.dashboard.unsyncedFailed', { count: s.counts.failed })}
                    </Text>
                  ) : null}
                </>
              )}
              <Text c="dimmed">{t('ui.dashboard.lastSync', { when: formatDate(s.lastSuccessAt) })}</Text>
              <Group>
                <Button variant="default" component={Link} to="/sync">
                  {t('ui.dashboard.openSync')}
                </Button>
              </Group>
            </Stack>
          );
        }}
      </QueryState>
    </Card>
  );
}

/** The queue's counts, kept fresh while the home screen is open (uploads move on their own). */
function useSyncStatusLive() {
  return useApiQuery('sync.status', {}, { refetchInterval: 5000, staleTime: 0 });
}

/** Equipment whose latest visit verdict is not healthy, or that moved far from its own normal: worst first (the back end's order). */
function AttentionCard() {
  const { t } = useTranslation();
  const local = useLocalized();
  const urgency = useApiQuery('insight.urgency', {});
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-attention-title">
      <Title order={2} id="home-attention-title" size="h3">
        {t('ui.dashboard.attention')}
      </Title>
      <QueryState query={urgency}>
        {({ assets }) => {
          const rows = assets.filter(needsAttention);
          return rows.length === 0 ? (
            <p className="empty">{t('ui.dashboard.attentionNone')}</p>
          ) : (
            <ol className="plain-list attention-list">
              {rows.map((a) => (
                <li key={a.assetId} data-attention={a.assetId}>
                  <Group gap="sm" wrap="wrap">
                    <AssetVerdictState urgency={a} />
                    <Link to={`/assets/${a.assetId}`} className="strong-link">
                      {a.assetName}
                    </Link>
                    {a.condition ? <Text>{local(a.condition)}</Text> : null}
                    <Text c="dimmed"><AssetVerdictCertainty urgency={a} /></Text>
                    {a.visitId && a.lastDiagnosedAt ? (
                      <Link to={`/sessions/${a.visitId}`}>{formatDate(a.lastDiagnosedAt)}</Link>
                    ) : null}
                  </Group>
                </li>
              ))}
            </ol>
          );
        }}
      </QueryState>
    </Card>
  );
}

function needsAttention(a: AssetUrgency): boolean {
  return (a.severity !== null && a.severity !== 'normal') || (a.deviation ?? 0) >= 3;
}
