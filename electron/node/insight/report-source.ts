import type { Deviation, Localized, TrendPoint } from '../../../shared/contract';
import { type DiagnosisSource, type ReportDiagnosis, reportDiagnosisOf } from '../reports/diagnosis-input';
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
    const deviation = this.deviationOf(record);
    return reportDiagnosisOf(record.diagnosis, deviation ? [deviationSentence(deviation), ...trendSentence(this.trend(record.assetId))] : []);
  }
}

const LEVEL: Record<Deviation['level'], Localized> = {
  within: { ko: '평소 범위 안', en: 'within its usual range' },
  moderate: { ko: '평소와 다소 다름', en: 'somewhat unlike its usual sound' },
  large: { ko: '평소와 크게 다름', en: 'far from its usual sound' },
};

export function deviationSentence(dev: Deviation): Localized {
  const top = dev.changed.slice(0, 3);
  const where = top.map((c) => `${c.kind === 'order' ? `${c.order}x` : `${Math.round(c.loHz)}-${Math.round(c.hiHz)} Hz`} ${signed(c.deltaDb)} dB`).join(', ');
  return {
    ko: `이 설비의 정상 기준(녹음 ${dev.baselineRecordings}개) 대비 편차 ${dev.score.toFixed(1)}: ${LEVEL[dev.level].ko}${top.length ? `. 변한 곳: ${where}` : ''}.`,
    en: `Deviation from this machine's healthy baseline (${dev.baselineRecordings} recordings): ${dev.score.toFixed(1)}, ${LEVEL[dev.level].en}${top.length ? `. What changed: ${where}` : ''}.`,
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
