import type { SpectrumView, VisitVerdict } from '../../../../shared/contract';
import type { EvidenceChart, VerdictSource } from '../reports';
import { say } from '../verdict';
import type { InsightRepository } from './insight-repository';

/**
 * The report's verdict source: the verdict feature's verdict, and the chart of the recording it
 * is built on (its spectrum, or for a vibration fault the repeating-impact spectrum), labelled in
 * plain words. Marks are kept few and far apart so their labels never overlap.
 */
export class InsightReportSource implements VerdictSource {
  constructor(
    private readonly repo: InsightRepository,
    private readonly verdict: (visitId: string) => VisitVerdict,
  ) {}

  forVisit(visitId: string): VisitVerdict {
    return this.verdict(visitId);
  }

  chartFor(verdict: VisitVerdict): EvidenceChart | null {
    const findings = verdict.computed.findings;
    const lead = findings.find((f) => f.leads) ?? findings.find((f) => f.state === 'diagnosed' && f.diagnosisId);
    if (!lead?.diagnosisId) return null;
    const d = this.repo.diagnosis(lead.diagnosisId)?.diagnosis;
    if (!d) return null;
    const view = d.modality === 'vibration' && d.condition?.key !== 'normal' && d.envelopeSpectrum ? d.envelopeSpectrum : d.spectrum;
    return view ? chartOf(view) : null;
  }
}

const MAX_MARKS = 4;

function chartOf(view: SpectrumView): EvidenceChart | null {
  if (view.db.length < 2) return null;
  const repeat = view.kind === 'envelope';
  // Only marks where something stands out, strongest first, then in frequency order for drawing.
  const marks = view.markers
    .filter((m) => m.levelDb !== null && m.levelDb > 0)
    .sort((a, b) => (b.levelDb ?? 0) - (a.levelDb ?? 0))
    .slice(0, MAX_MARKS)
    .sort((a, b) => a.hz - b.hz)
    .map((m) => ({ x: m.hz, label: say((c) => (m.kind === 'order' ? c.chart.rotation : m.kind === 'line' ? c.chart.electrical : c.chart.impact), { hz: m.hz >= 100 ? m.hz.toFixed(0) : m.hz.toFixed(1) }) }));
  return {
    title: say((c) => (repeat ? c.chart.repeatTitle : c.chart.title)),
    xLabel: say((c) => c.chart.x),
    yLabel: say((c) => (view.reference === 'one_g' ? c.chart.yVibration : c.chart.ySound)),
    x: view.db.map((_, i) => view.fromHz + (i + 0.5) * view.stepHz).slice(0, 20_000),
    y: view.db.slice(0, 20_000),
    marks,
  };
}
