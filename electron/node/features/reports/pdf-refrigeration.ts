import type { CycleValues, Language, SystemDiagnosis } from '../../../../shared/contract';
import { PROPERTY_SOURCE } from '../refrigeration';
import { catalog, fill, formatNumber, formatPercent } from './report-text';

/** What the report's page helpers offer a section (pdf-report.ts owns the layout). */
export interface SectionTools {
  heading(text: string): void;
  paragraph(text: string, opts?: { colour?: string; size?: number; font?: 'R' | 'B' }): void;
  bullets(items: string[]): void;
}

const MUTED = '#5a5a5a';
const VALUE_KEYS = ['evaporatingTemp', 'condensingDewTemp', 'condensingBubbleTemp', 'superheat', 'subcooling', 'compressionRatio', 'dischargeSuperheat', 'evaporatorSplit', 'condenserSplit', 'gasCoolerOutletTemp', 'optimumHighSide'] as const;

/** The refrigerant cycle of the visit: readings as taken, calculated values with units, the system diagnosis. */
export function drawRefrigerationSection(rf: SystemDiagnosis, lang: Language, tools: SectionTools): void {
  const t = catalog(lang).refrigeration;
  tools.heading(t.report.title);
  if (rf.readings.length === 0) {
    tools.paragraph(t.report.none, { colour: MUTED });
    return;
  }
  if (rf.refrigerant) tools.paragraph(fill(t.refrigerant, { refrigerant: rf.refrigerant }), { font: 'B' });
  const refused = new Set(rf.issues.map((i) => i.quantity));
  tools.paragraph(t.report.readings, { font: 'B' });
  tools.bullets(
    rf.readings.map((r) => {
      const ref = r.pressureReference ? ` (${t.reference[r.pressureReference]})` : '';
      const line = `${t.quantity[r.quantity]}: ${formatNumber(r.value, lang, 2)} ${r.unit}${ref} · ${t.source[r.source]}`;
      const issue = rf.issues.find((i) => i.quantity === r.quantity);
      return refused.has(r.quantity) && issue ? `${line} — ${fill(t.issue[issue.code], issue.values)}` : line;
    }),
  );
  const values = calculatedLines(rf.values, lang);
  if (values.length > 0) {
    tools.paragraph(t.report.calculated, { font: 'B' });
    if (rf.values.transcritical) tools.paragraph(t.transcritical, { colour: MUTED });
    tools.bullets(values);
  }
  tools.paragraph(t.report.diagnosis, { font: 'B' });
  if (rf.findings.length === 0) {
    const missing = rf.missing.map((q) => t.quantity[q]).join(t.missingJoin);
    tools.paragraph(rf.state === 'refused' ? t.state.refused : fill(t.state.incomplete, { missing }), { colour: MUTED });
  }
  for (const f of rf.findings) {
    tools.paragraph(`${t.fault[f.fault]} — ${fill(t.confidenceLine, { level: t.confidence[f.confidence], percent: formatPercent(f.score, lang).replace(/\s?%$/, '') })}`, { font: 'B' });
    tools.paragraph(f.sentence[lang]);
    tools.bullets(
      f.evidence.map((e) =>
        fill(t.evidenceLine, {
          name: e.key === 'current' ? t.quantity.compressorCurrent : (t.value as Record<string, string>)[e.key] ?? e.key,
          value: `${formatNumber(e.value, lang, 1)}${e.unit ? ` ${e.unit}` : ''}`,
          judged: t.judged[e.judged],
          lo: e.usualRange[0],
          hi: e.usualRange[1],
        }),
      ),
    );
    tools.paragraph(f.advice[lang], { colour: MUTED });
  }
  tools.paragraph(fill(t.report.source, { version: PROPERTY_SOURCE.coolpropVersion }), { colour: MUTED, size: 8 });
}

function calculatedLines(v: CycleValues, lang: Language): string[] {
  const t = catalog(lang).refrigeration;
  const lines: string[] = [];
  for (const k of VALUE_KEYS) {
    const value = v[k];
    const label = k === 'condenserSplit' && v.transcritical ? t.value.gasCoolerApproach : t.value[k];
    if (value) lines.push(`${label}: ${formatNumber(value.value, lang, 1)}${value.unit ? ` ${value.unit}` : ''}`);
    else if (v.transcritical && (k === 'subcooling' || k === 'condensingDewTemp')) lines.push(`${label}: ${t.notApplicable}`);
  }
  return lines;
}
