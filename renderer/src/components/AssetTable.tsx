import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Asset, AssetUrgency } from '../../../shared/contract';
import { useLocalized } from '../insight/live';
import { AssetVerdictCertainty, AssetVerdictState } from '../verdict/AssetVerdict';
import { ArchivedMark } from './common';
import { formatDate } from './format';

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
    <table className="list-table">
      <thead>
        <tr>
          <th scope="col">{t('assets.name')}</th>
          {urgency ? (
            <>
              <th scope="col">{t('insight.urgency.state')}</th>
              <th scope="col">{t('insight.urgency.condition')}</th>
              <th scope="col">{t('insight.urgency.howSure')}</th>
            </>
          ) : null}
          {showSite ? <th scope="col">{t('assets.site')}</th> : null}
          <th scope="col">{t('assets.kind')}</th>
          <th scope="col">{t('assets.assetTag')}</th>
          <th scope="col">{t('assets.refrigerant')}</th>
          <th scope="col">{t('assets.lastService')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((asset) => {
          const u = byId.get(asset.id);
          return (
            <tr key={asset.id} data-asset={asset.id}>
              <td>
                <Link to={`/assets/${asset.id}`}>{asset.name}</Link>
                {asset.archivedAt ? <ArchivedMark /> : null}
              </td>
              {urgency ? (
                <>
                  <td>{u ? <AssetVerdictState urgency={u} /> : null}</td>
                  <td>{u?.condition ? local(u.condition) : ''}</td>
                  <td data-certainty={u?.certainty ?? undefined}>{u ? <AssetVerdictCertainty urgency={u} /> : null}</td>
                </>
              ) : null}
              {showSite ? <td>{asset.siteName}</td> : null}
              <td>{t(`assets.kinds.${asset.kind}`)}</td>
              <td className="mono">{asset.assetTag ?? t('common.none')}</td>
              <td>{asset.refrigerant ?? t('common.none')}</td>
              <td>{formatDate(asset.lastServiceAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
