import type { Diagnosis, EvidenceItem, Localized, SpectrumMarker, SpectrumView } from '../../../../shared/contract';
import { conditionActions, conditionName, contextDetails, plainEvidence, reasonText, say } from './words';

/**
 * A diagnosis as the technician reads it: every sentence in it (condition names, evidence,
 * reasons, recommendations, chart labels) re-said from the shared catalogues, from the numbers the
 * engine measured. Applied wherever a diagnosis leaves the back end (the stored results the visit
 * page shows, a file analysed on request), so results stored by older versions read the same.
 * The numbers, keys and spectra are untouched.
 */
export function plainDiagnosis(d: Diagnosis): Diagnosis {
  const key = d.condition?.key ?? null;
  return {
    ...d,
    condition: d.condition ? { key: d.condition.key, name: conditionName(d.condition.key) } : null,
    probabilities: d.probabilities.map((p) => ({ ...p, name: conditionName(p.key) })),
    uncertainReasons: d.uncertainReasons.map((r) => ({ ...r, message: reasonText(r.code, r.value) })),
    unavailable: d.unavailable ? { ...d.unavailable, message: reasonText(d.unavailable.code) } : null,
    evidence: d.evidence.map((e) => ({ ...e, statement: statementOf(e, d.evidence) })),
    recommendations: recommendationsOf(d, key),
    spectrum: d.spectrum ? viewOf(d.spectrum) : null,
    envelopeSpectrum: d.envelopeSpectrum ? viewOf(d.envelopeSpectrum) : null,
  };
}

const num = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const hz = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/**
 * One evidence item's statement: the plain sentence followed by the numbers behind it (with their
 * units), or, for a fact that points to nothing, the numbers said on their own. Never a sentence
 * without the number it is about.
 */
function statementOf(e: EvidenceItem, all: readonly EvidenceItem[]): Localized {
  const plain = plainEvidence(e, all);
  if (plain) return join([plain.text, ...plain.details]);
  const context = contextDetails(e, all);
  if (context) return context;
  switch (true) {
    case e.key === 'running_speed':
      return say((c) => c.details.speed, { rpm: e.value ?? Math.round((e.frequencyHz ?? 0) * 60) });
    case e.key === 'speed_given': {
      // value: the speed entered (rpm); order: it as a multiple of the speed measured.
      const measured = e.value !== null && e.order ? Math.round(e.value / e.order) : null;
      const percent = measured && e.value !== null ? Math.round((Math.abs(measured - e.value) / e.value) * 100) : '—';
      return say((c) => c.details.speedGiven, { given: e.value ?? '—', measured: measured ?? '—', percent });
    }
    case e.key === 'order_2x':
      return say((c) => c.engine.secondOrder, { hz: hz(e.frequencyHz), db: num(e.levelDb, 0) });
    case e.key === 'kurtosis':
      return say((c) => c.engine.impacts, { value: num(e.value, 1) });
    case e.key === 'bandwidth':
      return say((c) => c.engine.narrowband);
    case e.key === 'envelope_peak':
      return (e.levelDb ?? 0) >= 6 ? say((c) => c.details.repeatOrder, { hz: hz(e.frequencyHz), order: num(e.order, 2), db: num(e.levelDb, 0) }) : say((c) => c.engine.noImpacts);
    case e.key === 'cycle_impacts':
      return say((c) => c.engine.perTurnQuiet, { value: num(e.value, 2), db: num(e.levelDb, 0) });
    case e.key === 'hiss':
      return say((c) => c.engine.highShareQuiet, { percent: e.value === null ? '—' : Math.round(e.value * 100) });
    case e.key === 'harmonics':
      return say((c) => c.engine.countQuiet, { value: e.value ?? '—' });
    default:
      return say((c) => c.engine.levelQuiet, { hz: hz(e.frequencyHz), db: num(e.levelDb, 0) });
  }
}

function recommendationsOf(d: Diagnosis, key: string | null): Localized[] {
  const out: Localized[] = [];
  if (d.status === 'diagnosed' && key) out.push(...(key === 'normal' ? [say((c) => c.usualActions.healthy)] : conditionActions(key)));
  if (d.status === 'uncertain') {
    out.push(say((c) => c.engine.uncertain));
    if (key && key !== 'normal') out.push(say((c) => c.engine.possible, { condition: conditionName(key) }));
  }
  const zone = d.vibration?.isoZone;
  if (zone === 'C') out.push(say((c) => c.engine.zoneC));
  if (zone === 'D') out.push(say((c) => c.engine.zoneD));
  return out;
}

function viewOf(view: SpectrumView): SpectrumView {
  return { ...view, markers: view.markers.map(markerOf) };
}

function markerOf(m: SpectrumMarker): SpectrumMarker {
  const order = m.kind === 'order' ? /^(\d+(?:\.\d+)?)x$/.exec(m.label.en)?.[1] : undefined;
  const label =
    m.kind === 'order' && order
      ? say((c) => c.engine.order, { n: order })
      : say((c) => (m.kind === 'line' ? c.engine.line : m.kind === 'order' ? c.engine.order : c.engine.impact), { hz: hz(m.hz), n: '' });
  return { ...m, label };
}

function join(parts: Localized[]): Localized {
  return { ko: parts.map((p) => p.ko).join(' '), en: parts.map((p) => p.en).join(' ') };
}
