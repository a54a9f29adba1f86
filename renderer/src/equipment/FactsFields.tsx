import { Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { searchBearings } from '../../../shared/bearings/catalogue';
import { type EquipmentFactsInput, estimatedRpm } from '../../../shared/contract';
import type { FieldErrors } from '../components/errors';

/** The form's strings for the machine facts (every select and input holds text). */
export const EMPTY_FACTS = { drive: '', poles: '', mainsHz: '', nominalRpm: '', motorBearing: '', drivenBearing: '' };
export type FactValues = typeof EMPTY_FACTS;

export function factValuesOf(f: { drive: string | null; poles: number | null; mainsHz: number | null; nominalRpm: number | null; motorBearing: string | null; drivenBearing: string | null }): FactValues {
  return {
    drive: f.drive ?? '',
    poles: f.poles === null ? '' : String(f.poles),
    mainsHz: f.mainsHz === null ? '' : String(f.mainsHz),
    nominalRpm: f.nominalRpm === null ? '' : String(f.nominalRpm),
    motorBearing: f.motorBearing ?? '',
    drivenBearing: f.drivenBearing ?? '',
  };
}

/** What the contract takes: empty is "not known" (null); a number field that is not a number is left for the schema to refuse. */
export function factsInputOf(v: FactValues): EquipmentFactsInput {
  const number = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
  return {
    drive: v.drive === '' ? null : (v.drive as 'fixed' | 'inverter'),
    poles: number(v.poles),
    mainsHz: v.mainsHz === '' ? null : (Number(v.mainsHz) as 50 | 60),
    nominalRpm: number(v.nominalRpm),
    motorBearing: v.motorBearing.trim() === '' ? null : v.motorBearing,
    drivenBearing: v.drivenBearing.trim() === '' ? null : v.drivenBearing,
  };
}

interface Props {
  values: FactValues;
  errors: FieldErrors;
  set: (field: keyof FactValues, value: string) => void;
}

/** The motor and bearing facts on the equipment form, with the speed the diagnosis will start from. */
export function FactsFields({ values, errors, set }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  // The shared schema names errors facts.<field>; a back-end refusal names the field alone.
  const error = (f: keyof FactValues) => errors[`facts.${f}`] ?? errors[f];
  const poles = Number(values.poles);
  const mains = Number(values.mainsHz) as 50 | 60;
  const speedNote =
    values.drive === 'inverter'
      ? t('assets.facts.inverterSpeed')
      : values.nominalRpm.trim() === '' && poles && mains
        ? t('assets.facts.estimated', { rpm: estimatedRpm(poles, mains), poles, hz: mains })
        : t('assets.facts.nominalHint');
  const bearingsFor = (typed: string) => searchBearings(typed, 12);
  return (
    <Stack gap="sm" component="fieldset" className="facts-fields" aria-describedby={`${listId}-intro`}>
      <Title order={2} size="h3" component="legend">
        {t('assets.facts.title')}
      </Title>
      <Text id={`${listId}-intro`} c="dimmed" size="sm">
        {t('assets.facts.intro')}
      </Text>
      <Group grow wrap="wrap" align="flex-start">
        <NativeSelect
          name="drive"
          label={t('assets.facts.drive')}
          value={values.drive}
          error={error('drive')}
          onChange={(e) => set('drive', e.currentTarget.value)}
          data={(['none', 'fixed', 'inverter'] as const).map((d) => ({ value: d === 'none' ? '' : d, label: t(`assets.facts.drives.${d}`) }))}
        />
        <NativeSelect
          name="poles"
          label={t('assets.facts.poles')}
          value={values.poles}
          error={error('poles')}
          onChange={(e) => set('poles', e.currentTarget.value)}
          data={[{ value: '', label: t('assets.facts.notKnown') }, ...[2, 4, 6, 8].map((n) => ({ value: String(n), label: t('assets.facts.poleCount', { count: n }) }))]}
        />
        <NativeSelect
          name="mainsHz"
          label={t('assets.facts.mains')}
          value={values.mainsHz}
          error={error('mainsHz')}
          onChange={(e) => set('mainsHz', e.currentTarget.value)}
          data={[{ value: '', label: t('assets.facts.notKnown') }, ...[60, 50].map((hz) => ({ value: String(hz), label: t('assets.facts.hertz', { hz }) }))]}
        />
      </Group>
      <TextInput
        name="nominalRpm"
        inputMode="decimal"
        autoComplete="off"
        label={t('assets.facts.nominalRpm')}
        description={speedNote}
        value={values.nominalRpm}
        error={error('nominalRpm')}
        onChange={(e) => set('nominalRpm', e.currentTarget.value)}
      />
      <Group grow wrap="wrap" align="flex-start">
        {(['motorBearing', 'drivenBearing'] as const).map((f) => (
          <TextInput
            key={f}
            name={f}
            autoComplete="off"
            list={`${listId}-${f}`}
            label={t(`assets.facts.${f}`)}
            description={t('assets.facts.bearingHint')}
            value={values[f]}
            error={error(f)}
            onChange={(e) => set(f, e.currentTarget.value)}
          />
        ))}
      </Group>
      {(['motorBearing', 'drivenBearing'] as const).map((f) => (
        <datalist key={f} id={`${listId}-${f}`}>
          {bearingsFor(values[f]).map((b) => (
            <option key={b.designation} value={b.designation} />
          ))}
        </datalist>
      ))}
    </Stack>
  );
}
