import { useTranslation } from 'react-i18next';
import { findBearing } from '../../../shared/bearings/catalogue';
import type { EquipmentFacts } from '../../../shared/contract';
import { Detail } from '../components/common';

/** The equipment's machine facts on its page, with the speed the diagnosis starts from and how it was found. */
export function FactsDetails({ facts }: { facts: EquipmentFacts }) {
  const { t } = useTranslation();
  const bearing = (designation: string | null) =>
    designation === null ? null : findBearing(designation)?.approximate ? t('assets.facts.approximate', { designation }) : designation;
  const speed =
    facts.speed?.source === 'nameplate'
      ? t('assets.facts.speedNameplate', { rpm: facts.speed.rpm })
      : facts.speed?.source === 'estimated'
        ? t('assets.facts.speedEstimated', { rpm: facts.speed.rpm })
        : facts.drive === 'inverter'
          ? t('assets.facts.speedMeasured')
          : null;
  return (
    <>
      <h2>{t('assets.facts.title')}</h2>
      <dl className="details" aria-label={t('assets.facts.title')}>
        <Detail label={t('assets.facts.drive')} value={facts.drive ? t(`assets.facts.drives.${facts.drive}`) : null} />
        <Detail label={t('assets.facts.poles')} value={facts.poles ? t('assets.facts.poleCount', { count: facts.poles }) : null} />
        <Detail label={t('assets.facts.mains')} value={facts.mainsHz ? t('assets.facts.hertz', { hz: facts.mainsHz }) : null} />
        <Detail label={t('assets.facts.nominalRpm')} value={facts.nominalRpm} />
        <Detail label={t('assets.facts.speed')} value={speed} />
        <Detail label={t('assets.facts.motorBearing')} value={bearing(facts.motorBearing)} />
        <Detail label={t('assets.facts.drivenBearing')} value={bearing(facts.drivenBearing)} />
      </dl>
    </>
  );
}
