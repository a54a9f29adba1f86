import { Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDate } from '../components/format';
import { ListTable } from '../components/ListTable';
import { AssetVerdictCertainty, AssetVerdictState } from '../verdict/AssetVerdict';
import { useVerdictLive } from '../verdict/useVerdict';
import { useLocalized } from './live';
import './insight.css';

/**
 * A site's equipment, most urgent first, each by its latest visit verdict (worst finding of the
 * visit, how sure, the technician's verdict when set), then the largest deviation from its own
 * baseline. The back end orders them; this shows the verdict's own words.
 */
export function SiteUrgency({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const urgency = useApiQuery('insight.siteUrgency', { siteId });
  useVerdictLive();
  return (
    <section aria-labelledby="urgency-title">
      <Title order={2} id="urgency-title" mt="lg" mb="sm">
        {t('insight.urgency.title')}
      </Title>
      <QueryState query={urgency}>
        {({ assets }) => (
          <ListTable minWidth={800} className="urgency-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('insight.urgency.asset')}</Table.Th>
                <Table.Th scope="col">{t('insight.urgency.state')}</Table.Th>
                <Table.Th scope="col">{t('insight.urgency.condition')}</Table.Th>
                <Table.Th scope="col">{t('insight.urgency.howSure')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('insight.urgency.deviation')}
                </Table.Th>
                <Table.Th scope="col">{t('insight.urgency.when')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {assets.map((a) => (
                <Table.Tr key={a.assetId} data-asset={a.assetId}>
                  <Table.Td>
                    <Link to={`/assets/${a.assetId}`}>{a.assetName}</Link>
                  </Table.Td>
                  <Table.Td>
                    <AssetVerdictState urgency={a} />
                  </Table.Td>
                  <Table.Td>{a.condition ? local(a.condition) : ''}</Table.Td>
                  <Table.Td data-certainty={a.certainty ?? undefined}><AssetVerdictCertainty urgency={a} /></Table.Td>
                  <Table.Td ta="right">{a.deviation !== null ? a.deviation.toFixed(1) : ''}</Table.Td>
                  <Table.Td>{a.visitId && a.lastDiagnosedAt ? <Link to={`/sessions/${a.visitId}`}>{formatDate(a.lastDiagnosedAt)}</Link> : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ListTable>
        )}
      </QueryState>
    </section>
  );
}
