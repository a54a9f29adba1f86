import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { OpenVisitList } from '../verdict/OpenVisitList';
import { useVerdictLive } from '../verdict/useVerdict';

/** Every visit still in progress, so a second visit is never started by accident. */
export function OpenVisitsPage() {
  const { t } = useTranslation();
  useVerdictLive();
  const visits = useApiQuery('visits.open', {});
  return (
    <section aria-labelledby="open-visits-title">
      <h1 id="open-visits-title">{t('ui.visits.title')}</h1>
      <QueryState query={visits}>{(list) => <OpenVisitList visits={list} />}</QueryState>
    </section>
  );
}
