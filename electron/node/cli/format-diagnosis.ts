import type { Diagnosis, Localized } from '../../../shared/contract';

/** A diagnosis as a technician reads it in a terminal: the verdict first, then why, then what to do. */
export type Lang = 'ko' | 'en';

const WORDS = {
  en: { result: 'Result', notSure: 'NOT SURE', mostLikely: 'most likely', noDiagnosis: 'NO DIAGNOSIS', sure: 'sure', severity: 'severity', why: 'Why unsure', evidence: 'Evidence', vibration: 'Vibration', next: 'Next', model: 'Model', zone: 'ISO 10816 zone', at: 'at', measured: 'from the measured shaft orders' },
  ko: { result: '결과', notSure: '확실하지 않음', mostLikely: '가장 가능성 높음', noDiagnosis: '진단 없음', sure: '확신', severity: '심각도', why: '불확실한 이유', evidence: '근거', vibration: '진동', next: '조치', model: '모델', zone: 'ISO 10816 영역', at: '샘플링', measured: '측정된 회전 성분으로 판정' },
};
const SEVERITY: Record<Lang, Record<string, string>> = {
  en: { normal: 'normal', watch: 'watch', warning: 'warning', critical: 'CRITICAL' },
  ko: { normal: '정상', watch: '관찰', warning: '경고', critical: '위험' },
};

export function formatDiagnosis(file: string, d: Diagnosis, lang: Lang, maxEvidence = 4): string {
  const w = WORDS[lang];
  const t = (l: Localized) => l[lang];
  const pad = (label: string) => `  ${label}:`.padEnd(16);
  const lines: string[] = [];
  const q = d.quality;
  lines.push(`${file} — ${d.modality}${q ? `, ${q.durationS.toFixed(1)} s ${w.at} ${q.sampleRate} Hz` : ''}`);
  if (d.status === 'unavailable') {
    lines.push(`${pad(w.result)}${w.noDiagnosis} — ${d.unavailable ? t(d.unavailable.message) : ''}`);
  } else {
    const pct = `${Math.round((d.confidence ?? 0) * 100)}%`;
    const name = d.condition ? t(d.condition.name) : '?';
    const severity = d.severity ? `${w.severity}: ${SEVERITY[lang][d.severity]}` : '';
    // No condition named (noise, an unknown machine): the message and the measured facts, no "most likely".
    if (d.novelty) {
      lines.push(`${pad(w.result)}${t(d.novelty.message)} — ${severity}`);
      d.novelty.facts.forEach((f) => lines.push(`${' '.repeat(16)}- ${t(f)}`));
    } else if (d.confidence === null) {
      lines.push(`${pad(w.result)}${d.status === 'diagnosed' ? '' : `${w.notSure} — `}${name} (${w.measured}) — ${severity}`);
    } else {
      lines.push(
        d.status === 'diagnosed'
          ? `${pad(w.result)}${name} — ${pct} ${w.sure} — ${severity}`
          : `${pad(w.result)}${w.notSure} — ${w.mostLikely}: ${name} (${pct}) — ${severity}`,
      );
    }
    d.uncertainReasons.forEach((r, i) => lines.push(`${i === 0 ? pad(w.why) : ' '.repeat(16)}- ${t(r.message)}`));
  }
  d.evidence.slice(0, maxEvidence).forEach((e, i) => lines.push(`${i === 0 ? pad(w.evidence) : ' '.repeat(16)}- ${t(e.statement)}`));
  if (d.vibration) lines.push(`${pad(w.vibration)}${d.vibration.velocityRmsMmS.toFixed(2)} mm/s RMS, ${w.zone} ${d.vibration.isoZone}`);
  d.recommendations.forEach((r, i) => lines.push(`${i === 0 ? pad(w.next) : ' '.repeat(16)}- ${t(r)}`));
  if (d.model) lines.push(`${pad(w.model)}${d.model.id} ${d.model.version}, ${Math.round(d.timings.totalMs)} ms`);
  return `${lines.join('\n')}\n`;
}
