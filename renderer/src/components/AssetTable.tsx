import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Asset, AssetUrgency } from '../../../shared/contract';
import { useLocalized } from '../insight/live';
import { AssetVerdictCertainty, AssetVerdictState } from '../verdict/AssetVerdict';
import { ArchivedMark } from './common';
import { formatDate } from './format';
import { ListTable } from './ListTable';

/**
 * Equipment in a table. With `urgency` (the back end's list, most urgent first) the rows follow
 * its order and show each machine's latest visit verdict; equipment it does not list (archived)
 * comes after, in the order given.
 */
export function AssetTable({ assets, showSite, urgency }: { assets: Asset[]; showSite: boolean; urgency?: AssetUrgency[] | undefined }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const rank = new Map(urgency?.map((u, i) => [u.assetId, i]));
  const byId = new Map(urgency?.map((u) => [u.assetId, u]));
  const rows = urgency ? [...assets].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity)) : assets;
  return (
    <ListTable minWidth={urgency ? 900 : 640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('assets.name')}</Table.Th>
          {urgency ? (
            <>
              <Table.Th scope="col">{t('insight.urgency.state')}</Table.Th>
              <Table.Th scope="col">{t('insight.urgency.condition')}</Table.Th>
              <Table.Th scope="col">{t('insight.urgency.howSure')}</Table.Th>
            </>
          ) : null}
          {showSite ? <Table.Th scope="col">{t('assets.site')}</Table.Th> : null}
          <Table.Th scope="col">{t('assets.kind')}</Table.Th>
          <Table.Th scope="col">{t('assets.assetTag')}</Table.Th>
          <Table.Th scope="col">{t('assets.refrigerant')}</Table.Th>
          <Table.Th scope="col">{t('assets.lastService')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((asset) => {
          const u = byId.get(asset.id);
          return (
            <Table.Tr key={asset.id} data-asset={asset.id}>
              <Table.Td>
                <Link to={`/assets/${asset.id}`}>{asset.name}</Link>
                {asset.archivedAt ? <ArchivedMark /> : null}
              </Table.Td>
              {urgency ? (
                <>
                  <Table.Td>{u ? <AssetVerdictState urgency={u} /> : null}</Table.Td>
                  <Table.Td>{u?.condition ? local(u.condition) : ''}</Table.Td>
                  <Table.Td data-certainty={u?.certainty ?? undefined}>{u ? <AssetVerdictCertainty urgency={u} /> : null}</Table.Td>
                </>
              ) : null}
              {showSite ? <Table.Td>{asset.siteName}</Table.Td> : null}
              <Table.Td>{t(`assets.kinds.${asset.kind}`)}</Table.Td>
              <Table.Td className="mono">{asset.assetTag ?? t('common.none')}</Table.Td>
              <Table.Td>{asset.refrigerant ?? t('common.none')}</Table.Td>
              <Table.Td>{formatDate(asset.lastServiceAt)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ListTable>
  );
}
