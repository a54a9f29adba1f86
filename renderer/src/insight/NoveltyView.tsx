import { useTranslation } from 'react-i18next';
import type { Novelty } from '../../../shared/contract';
import { useLocalized } from './live';

/** What the app says instead of a condition when it does not know the machine, or hears none: the measured facts, in plain words. */
export function NoveltyView({ novelty }: { novelty: Novelty }) {
  const { t } = useTranslation();
  const local = useLocalized();
  return (
    <section className="result-novelty" data-novelty-kind={novelty.kind} aria-label={t('insight.engine.facts')}>
      <p className="banner banner-warn">{local(novelty.message)}</p>
      <h5>{t('insight.engine.facts')}</h5>
      <ul className="novelty-facts">
        {novelty.facts.map((f, i) => (
          <li key={i}>{local(f)}</li>
        ))}
      </ul>
    </section>
  );
}
