import type { Deviation, Localized, SpectrumView, TrendPoint } from '../../../shared/contract';
import type { DiagnosisSource, EvidenceChart, ReportDiagnosis } from '../reports/diagnosis-input';
import type { DiagnosisRecord, InsightRepository } from './insight-repository';

/**
 * The report's diagnosis (reports/diagnosis-input.ts) from the stored results: the session's
 * newest diagnosis, its evidence and spectrum with the marked frequencies, and, when the asset has
 * a healthy baseline, how far this recording is from it and how the deviation moved over visits.
 */
export class InsightReportSource implements DiagnosisSource {
  constructor(
    private readonly repo: InsightRepository,
    private readonly deviationOf: (record: DiagnosisRecord) => Deviation | null,
    private readonly trend: (assetId: string) => TrendPoint[],
  ) {}

  forSession(sessionId: string): ReportDiagnosis | null {
    const record = this.repo.latestForSession(sessionId);
    if (!record) return null;
    const d = record.diagnosis;
    if (!d.condition || !d.severity || d.confidence === null) return null;
    const sentences: Localized[] = [...d.uncertainReasons.map((r) => r.message), ...d.evidence.map((e) => e.statement)];
    const deviation = this.deviationOf(record);
    if (deviation) sentences.unshift(deviationSentence(deviation), ...trendSentence(this.trend(record.assetId)));
    const view = d.condition.key !== 'normal' && d.envelopeSpectrum && d.modality === 'vibration' ? d.envelopeSpectrum : d.spectrum;
    return {
      condition: d.condition.name,
      severity: d.severity,
      confidence: d.confidence,
      uncertain: d.status === 'uncertain',
      modelVersion: d.model?.version ?? 'none',
      createdAt: d.createdAt,
      evidence: sentences.slice(0, 20),
      chart: view ? chartOf(view) : null,
      isoZone: d.vibration ? { zone: d.vibration.isoZone, velocityMmS: d.vibration.velocityRmsMmS } : null,
      recommendations: d.recommendations.slice(0, 20),
    };
  }
}

const LEVEL: Record<Deviation['level'], Localized> = {
  within: { ko: '평소 범위 안', en: 'within its usual range' },
  moderate: { ko: '평소와 다소 다름', en: 'somewhat unlike its usual sound' },
  large: { ko: '평소와 크게 다름', en: 'far from its usual sound' },
};

export function deviationSentence(dev: Deviation): Localized {
  const top = dev.changed.slice(0, 3);
  const ko = top.map((c) => `${c.kind === 'order' ? `${c.order}x` : `${Math.round(c.loHz)}-${Math.round(c.hiHz)} Hz`} ${signed(c.deltaDb)} dB`).join(', ');
  const en = ko;
  return {
    ko: `이 설비의 정상 기준(녹음 ${dev.baselineRecordings}개) 대비 편차 ${dev.score.toFixed(1)}: ${LEVEL[dev.level].ko}${top.length ? `. 변한 곳: ${ko}` : ''}.`,
    en: `Deviation from this machine's healthy baseline (${dev.baselineRecordings} recordings): ${dev.score.toFixed(1)}, ${LEVEL[dev.level].en}${top.length ? `. What changed: ${en}` : ''}.`,
  };
}

function trendSentence(points: TrendPoint[]): Localized[] {
  const withDeviation = points.filter((p) => p.deviation !== null);
  if (withDeviation.length < 2) return [];
  const first = withDeviation[0]!;
  const last = withDeviation.at(-1)!;
  return [
    {
      ko: `편차 추이: ${first.at.slice(0, 10)} ${first.deviation!.toFixed(1)} → ${last.at.slice(0, 10)} ${last.deviation!.toFixed(1)} (측정 ${withDeviation.length}회).`,
      en: `Deviation over time: ${first.deviation!.toFixed(1)} on ${first.at.slice(0, 10)} to ${last.deviation!.toFixed(1)} on ${last.at.slice(0, 10)} (${withDeviation.length} measurements).`,
    },
  ];
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
}

function chartOf(view: SpectrumView): EvidenceChart | null {
  if (view.db.length < 2) return null;
  const envelope = view.kind === 'envelope';
  return {
    title: envelope ? { ko: '포락선 스펙트럼', en: 'Envelope spectrum' } : { ko: '스펙트럼', en: 'Spectrum' },
    xLabel: { ko: '주파수 (Hz)', en: 'Frequency (Hz)' },
    yLabel: view.reference === 'one_g' ? { ko: 'dB (1 g 기준)', en: 'dB re 1 g' } : { ko: 'dB (전체 대비)', en: 'dB re total' },
    x: view.db.map((_, i) => view.fromHz + (i + 0.5) * view.stepHz).slice(0, 20_000),
    y: view.db.slice(0, 20_000),
    marks: view.markers.slice(0, 20).map((m) => ({ x: m.hz, label: m.label })),
  };
}
