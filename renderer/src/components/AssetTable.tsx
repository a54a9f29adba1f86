import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Asset } from '../../../shared/contract';
import { ArchivedMark } from './common';
import { formatDate } from './format';

export function AssetTable({ assets, showSite }: { assets: Asset[]; showSite: boolean }) {
  const { t } = useTranslation();
  return (
    <table className="list-table">
      <thead>
        <tr>
          <th scope="col">{t('assets.name')}</th>
          {showSite ? <th scope="col">{t('assets.site')}</th> : null}
          <th scope="col">{t('assets.kind')}</th>
          <th scope="col">{t('assets.assetTag')}</th>
          <th scope="col">{t('assets.refrigerant')}</th>
          <th scope="col">{t('assets.lastService')}</th>
        </tr>
      </thead>
      <tbody>
        {assets.map((asset) => (
          <tr key={asset.id}>
            <td>
              <Link to={`/assets/${asset.id}`}>{asset.name}</Link>
              {asset.archivedAt ? <ArchivedMark /> : null}
            </td>
            {showSite ? <td>{asset.siteName}</td> : null}
            <td>{t(`assets.kinds.${asset.kind}`)}</td>
            <td className="mono">{asset.assetTag ?? t('common.none')}</td>
            <td>{asset.refrigerant ?? t('common.none')}</td>
            <td>{formatDate(asset.lastServiceAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
