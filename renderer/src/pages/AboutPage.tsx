import { Button, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HealthCheck } from '../../../shared/contract';
import { useApiQuery } from '../app/api';
import { Detail, QueryState } from '../components/common';
import { formatBytes } from '../components/format';
import { ListTable } from '../components/ListTable';
import { StatusBadge } from '../components/StatusBadge';
import { DiagnosticsPanel } from '../shipping/DiagnosticsPanel';
import { UpdatePanel } from '../shipping/UpdatePanel';
import { QuarantinePanel } from './QuarantinePanel';

/** Operating systems by the names people know them (Node's `process.platform` values). */
const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** The check's result in the technician's words; the back end's English detail (versions, paths, errors) one click away. */
function CheckDetail({ check }: { check: HealthCheck }) {
  const { t, i18n } = useTranslation();
  const key = `about.checkDetail.${check.reason ?? ''}`;
  if (!check.reason || !i18n.exists(key)) return <>{check.detail}</>;
  return (
    <>
      {t(key, check.values ?? {})}
      <details>
        <summary>{t('about.technicalDetail')}</summary>
        <span className="mono">{check.detail}</span>
      </details>
    </>
  );
}

export function AboutPage() {
  const { t, i18n } = useTranslation();
  const health = useApiQuery('health.get', {});

  return (
    <section aria-labelledby="about-title">
      <Group justify="space-between" align="center" wrap="wrap" mb="sm">
        <Title order={1} id="about-title">
          {t('about.title')}
        </Title>
        <Button variant="default" onClick={() => void health.refetch()} disabled={health.isFetching}>
          {t('about.refresh')}
        </Button>
      </Group>
      <QueryState query={health}>
        {(report) => (
          <>
            <Text className={`overall overall-${report.status}`} role="status" fw={700} my="sm">
              <StatusBadge status={report.status} /> {t(`about.overall.${report.status}`)}
            </Text>
            <dl className="details">
              <Detail label={t('about.version')} value={report.app.appVersion} />
              <Detail label={t('about.schema')} value={String(report.app.schemaVersion)} />
              <Detail label={t('about.runtime')} value={t(`about.runtimes.${report.app.runtime}`)} />
              <Detail label={t('about.platform')} value={`${PLATFORM_NAMES[report.app.platform] ?? report.app.platform}, Node ${report.app.nodeVersion}`} />
              <Detail label={t('about.dataDir')} value={<span className="mono">{report.app.dataDir}</span>} />
              <Detail label={t('about.database')} value={<span className="mono">{report.databasePath}</span>} />
              <Detail label={t('about.databaseSize')} value={formatBytes(report.databaseBytes)} />
            </dl>
            <Title order={2} size="h3" mt="lg" mb="sm">
              {t('about.checks')}
            </Title>
            <ListTable className="checks">
              <Table.Tbody>
                {report.checks.map((check) => (
                  <Table.Tr key={check.id} data-check={check.id}>
                    <Table.Th scope="row">{i18n.exists(`about.checkNames.${check.id}`) ? t(`about.checkNames.${check.id}`) : check.id}</Table.Th>
                    <Table.Td>
                      <StatusBadge status={check.status} />
                    </Table.Td>
                    <Table.Td>
                      <CheckDetail check={check} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </ListTable>
          </>
        )}
      </QueryState>
      <QuarantinePanel />
      <UpdatePanel />
      <DiagnosticsPanel />
    </section>
  );
}
