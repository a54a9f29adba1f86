import type { Diagnosis, Localized, PlainStatement, VerdictStatus } from '../../../../shared/contract';
import { insightEn, insightKo } from '../../../../shared/i18n/insight';
import { uiEn, uiKo } from '../../../../shared/i18n/ui';
import { fill } from '../../features/reports';
import { computeVerdict } from '../../features/verdict';
import { say } from '../../features/verdict';

/**
 * A diagnosed file as a technician reads it in a terminal, in the same words as the visit page:
 * the file is judged as a visit with that one recording would be (the verdict module, the verdict
 * catalogue), so the terminal, the UI and the PDF never say different things. The engineer's
 * numbers are printed under each sentence as details (`--no-details` leaves them out).
 */
export type Lang = 'ko' | 'en';

/** The terminal's language: LC_ALL, LC_MESSAGES, LANG (as POSIX tools read them), else the system's locale. */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ko(?:$|[_.-])/i.test(tag) ? 'ko' : 'en';
}

/** Shape as well as word, as on screen (StatusMark): readable without colour. */
const SHAPES: Record<VerdictStatus, string> = { fault: '▲', watch: '◆', healthy: '●', not_diagnosable: '?', pending: '…' };
const INDENT = 18;

export function formatDiagnosis(file: string, d: Diagnosis, lang: Lang, options: { details?: boolean } = {}): string {
  const showDetails = options.details ?? true;
  const ui = lang === 'ko' ? uiKo : uiEn;
  const severityWords = (lang === 'ko' ? insightKo : insightEn).severity;
  const t = (l: Localized) => l[lang];
  const v = computeVerdict({
    recordings: [{ recordingId: d.id, modality: d.modality, source: 'import', startedAt: d.createdAt, run: 'done', diagnosisId: d.id, diagnosis: d, deviation: null }],
    readings: { temperatureC: null, currentA: null },
    systemFindings: [],
  });
  const finding = v.findings[0]!;
  const lines: string[] = [];
  const label = (text: string) => padColumns(`  ${text}:`, INDENT);
  const blank = ' '.repeat(INDENT);
  const list = (title: string, items: PlainStatement[]) =>
    items.forEach((item, i) => {
      lines.push(`${i === 0 ? label(title) : blank}- ${t(item.text)}`);
      if (showDetails) for (const detail of item.details) lines.push(`${blank}    ${t(detail)}`);
    });
  const plain = (items: Localized[]): PlainStatement[] => items.map((text) => ({ text, details: [] }));

  const q = d.quality;
  const modality = t(say((c) => c.modality[d.modality]));
  lines.push(`${fill(ui.cli.file, { file, modality })}${q ? `, ${fill(ui.cli.length, { seconds: q.durationS.toFixed(1), rate: q.sampleRate })}` : ''}`);
  const severity = v.severity === 'warning' || v.severity === 'critical' ? ` · ${severityWords[v.severity]}` : '';
  lines.push(`${label(ui.cli.verdict)}${SHAPES[v.status]} ${ui.verdict.status[v.status]}${severity} — ${t(v.headline)}`);
  if (v.certainty) {
    const word = ui.verdict.certainty[v.certainty];
    lines.push(`${label(ui.cli.howSure)}${v.confidence !== null ? fill(ui.verdict.certaintyWithPercent, { certainty: word, percent: Math.round(v.confidence * 100) }) : word}`);
  }
  lines.push(`${label(ui.cli.meaning)}${t(v.meaning)}`);
  // The verdict's evidence, or (healthy, unsure) what the recording itself was heard as, with its numbers.
  list(ui.cli.found, v.evidence.length > 0 ? v.evidence : [finding.summary]);
  list(ui.cli.reasons, plain([...v.reasons, ...(v.disagreement ? [v.disagreement] : [])]));
  list(ui.verdict.whatToDo, plain(v.actions));
  if (d.model) lines.push(`${label(ui.cli.model)}${fill(ui.cli.modelLine, { id: d.model.id, version: d.model.version, ms: Math.round(d.timings.totalMs) })}`);
  return `${lines.join('\n')}\n`;
}

/** Pads to a terminal width: Hangul and other wide characters take two columns, so Korean labels line up too. */
function padColumns(text: string, columns: number): string {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    width += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xff00 && cp <= 0xff60) ? 2 : 1;
  }
  return text + ' '.repeat(Math.max(1, columns - width));
}
