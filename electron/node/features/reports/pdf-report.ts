import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { APP_ROOT } from '../../platform/app-meta';
import type { Severity } from '../../../../shared/contract';
import type { EvidenceChart } from './diagnosis-input';
import { A4, ACCENT, CONTENT_W, drawChart, INK, MARGIN, MUTED, RULE } from './pdf-chart';
import { drawWrapped, wrappedHeight } from './pdf-text';
import { drawRefrigerationSection } from './pdf-refrigeration';
import type { ReportData } from './report-data';
import { assetKindName, catalog, fill, formatDate, formatDateTime, formatNumber } from './report-text';

/**
 * The customer's PDF, drawn with pdfkit on the laptop (no network). Korean and Latin text use a
 * subset of Noto Sans CJK KR shipped with the app (assets/fonts/README.md); pdfkit embeds only the
 * glyphs the report uses, so a report stays small.
 */
export const REPORT_FONTS_DIR = path.join(APP_ROOT, 'assets', 'fonts');

let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(path.join(REPORT_FONTS_DIR, 'NotoSansKR-Subset-Regular.otf')),
    bold: fs.readFileSync(path.join(REPORT_FONTS_DIR, 'NotoSansKR-Subset-Bold.otf')),
  };
  return fonts;
}

const SEVERITY_STYLE: Record<Severity, { colour: string; shape: string }> = {
  normal: { colour: '#1e7b34', shape: '●' },
  watch: { colour: '#8a6d00', shape: '▲' },
  warning: { colour: '#b35900', shape: '▲' },
  critical: { colour: '#b00020', shape: '■' },
};

export interface RenderOptions {
  /** IANA zone for printed times; the computer's own by default. */
  timeZone?: string;
}

export async function renderReportPdf(data: ReportData, options: RenderOptions = {}): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const lang = data.language;
  const t = catalog(lang);
  const p = t.reports.pdf;
  const v = t.verdict;
  const when = (iso: string) => formatDateTime(iso, lang, options.timeZone);
  const day = (iso: string) => formatDate(iso, lang, options.timeZone);

  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: lang === 'ko' ? 'ko-KR' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${p.title}: ${data.context.asset.name}`,
      Author: data.technician ?? 'SignalCraft Field',
      Subject: `${data.context.site.name} · ${data.context.asset.name}`,
      Creator: `SignalCraft Field ${data.appVersion}`,
      CreationDate: new Date(data.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', regular);
  doc.registerFont('B', bold);

  const bottom = () => A4.height - MARGIN.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.8);
    doc.font('B').fontSize(13).fillColor(ACCENT).text(text, MARGIN.left, doc.y, { width: CONTENT_W });
    const y = doc.y + 2;
    doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + CONTENT_W, y).lineWidth(0.6).strokeColor(RULE).stroke();
    doc.y = y + 6;
    doc.font('R').fontSize(10).fillColor(INK);
  };
  // Korean never breaks inside a word: every running text goes through pdf-text's keep-all wrapping.
  const paragraph = (text: string, opts: { colour?: string; size?: number; font?: 'R' | 'B'; indent?: number } = {}) => {
    const indent = opts.indent ?? 0;
    doc.font(opts.font ?? 'R').fontSize(opts.size ?? 10).fillColor(opts.colour ?? INK);
    ensure(wrappedHeight(doc, text, CONTENT_W - indent) + 2);
    doc.y = drawWrapped(doc, text, MARGIN.left + indent, doc.y, CONTENT_W - indent);
    doc.x = MARGIN.left;
  };
  const bullets = (items: string[], details: string[][] = []) => {
    items.forEach((item, i) => {
      doc.font('R').fontSize(10).fillColor(INK);
      ensure(wrappedHeight(doc, item, CONTENT_W - 14) + 2);
      const y = doc.y;
      doc.text('•', MARGIN.left, y, { width: 12, lineBreak: false });
      doc.y = drawWrapped(doc, item, MARGIN.left + 14, y, CONTENT_W - 14);
      // The numbers behind the sentence, smaller and grey: the customer reads the sentence first.
      for (const d of details[i] ?? []) paragraph(d, { colour: MUTED, size: 8, indent: 14 });
    });
    doc.x = MARGIN.left;
  };

  // ---- title ----
  doc.font('B').fontSize(22).fillColor(INK).text(p.title, MARGIN.left, MARGIN.top, { width: CONTENT_W });
  doc.font('R').fontSize(10).fillColor(MUTED).text(p.subtitle, { width: CONTENT_W });
  doc.font('B').fontSize(11).fillColor(INK);
  doc.y = drawWrapped(doc, [data.context.asset.name, data.context.site.name, day(data.context.session.startedAt)].join(' · '), MARGIN.left, doc.y + 4, CONTENT_W);

  // ---- the verdict first: what state the machine is in, what it means, what will be done ----
  const vd = data.verdict;
  const cv = vd.computed;
  const eff = vd.effective;
  heading(v.pdf.verdict);
  {
    ensure(44);
    const style = eff.severity ? SEVERITY_STYLE[eff.severity] : { colour: MUTED, shape: '◆' };
    const badge = `${style.shape} ${eff.severity ? v.severity[eff.severity] : v.status[eff.status]}`;
    doc.font('B').fontSize(11);
    const bw = doc.widthOfString(badge) + 16;
    const y = doc.y;
    doc.roundedRect(MARGIN.left + CONTENT_W - bw, y, bw, 20, 4).fill(style.colour);
    doc.fillColor('#ffffff').text(badge, MARGIN.left + CONTENT_W - bw + 8, y + 3, { width: bw - 16, lineBreak: false });
    doc.font('B').fontSize(15).fillColor(INK);
    doc.y = Math.max(drawWrapped(doc, eff.headline[lang], MARGIN.left, y, CONTENT_W - bw - 12), y + 24);
  }
  if (eff.by === 'computed' && cv.certainty && cv.confidence !== null) paragraph(fill(v.pdf.howSure, { certainty: v.certainty[cv.certainty], percent: Math.round(cv.confidence * 100) }), { font: 'B' });
  if (!cv.complete) paragraph(v.pdf.incomplete, { colour: SEVERITY_STYLE.warning.colour });
  if (vd.override) {
    paragraph(fill(v.pdf.computedWas, { headline: cv.headline[lang] }), { colour: MUTED });
  }
  paragraph(v.pdf.meaning, { font: 'B' });
  paragraph(eff.by === 'computed' ? cv.meaning[lang] : overrideMeaning(data, lang));
  if (cv.baselineNote) paragraph(cv.baselineNote[lang]);
  if (cv.disagreement) paragraph(cv.disagreement[lang]);
  if (cv.actions.length > 0) {
    paragraph(v.pdf.actions, { font: 'B' });
    bullets(cv.actions.map((a) => a[lang]));
  }
  if (cv.reasons.length > 0) {
    paragraph(v.pdf.reasons, { font: 'B' });
    bullets(cv.reasons.map((r) => r[lang]));
  }

  // ---- who, where, when ----
  const { asset, site, customer, session } = data.context;
  const makerModel = [asset.maker, asset.model].filter(Boolean).join(' / ');
  const dateText = session.endedAt && day(session.endedAt) === day(session.startedAt) ? `${when(session.startedAt)} – ${formatTime(session.endedAt, lang, options.timeZone)}` : when(session.startedAt);
  const facts: [string, string | null][] = [
    [p.customer, customer?.name ?? null],
    [p.site, [site.name, site.address].filter(Boolean).join(', ')],
    [p.asset, asset.name],
    [p.kind, assetKindName(asset.kind, lang)],
    [p.makerModel, makerModel || null],
    [p.serialNumber, asset.serialNumber],
    [p.refrigerant, asset.refrigerant],
    [p.assetTag, asset.assetTag],
    [p.location, asset.location],
    [p.date, dateText],
    [p.technician, data.technician],
    [v.pdf.company, data.technicianCompany],
    [v.pdf.licence, data.technicianLicence],
  ];
  const labelW = 110;
  for (const [label, value] of facts) {
    if (value === null || value === '') continue;
    doc.font('R').fontSize(10);
    const h = Math.max(wrappedHeight(doc, value, CONTENT_W - labelW), 12) + 3;
    ensure(h);
    const y = doc.y;
    doc.fillColor(MUTED).text(label, MARGIN.left, y, { width: labelW - 8, lineBreak: false });
    doc.fillColor(INK).font(label === p.asset ? 'B' : 'R');
    drawWrapped(doc, value, MARGIN.left + labelW, y, CONTENT_W - labelW);
    doc.y = y + h;
  }

  // ---- the evidence in plain words (numbers under each), the chart, each recording ----
  const evidence = cv.evidence.filter((e) => e.text.en !== cv.baselineNote?.en);
  if (evidence.length > 0) {
    heading(v.pdf.evidence);
    bullets(
      evidence.map((e) => e.text[lang]),
      evidence.map((e) => e.details.map((d) => d[lang])),
    );
  }
  if (data.chart) drawChart(doc, data.chart, lang, ensure);
  if (cv.findings.length > 0) {
    heading(v.pdf.findings);
    bullets(cv.findings.map((f) => `${f.title[lang]}: ${f.summary.text[lang]}`));
  }

  // ---- the technician's verdict, beside the app's ----
  if (vd.override) {
    heading(v.pdf.technicianVerdict);
    paragraph(fill(v.pdf.overridden, { headline: eff.headline[lang] }), { font: 'B' });
    paragraph(fill(v.pdf.overrideReason, { reason: vd.override.reason }));
    paragraph(fill(v.pdf.computedWas, { headline: cv.headline[lang] }), { colour: MUTED });
    if (vd.override.technician) paragraph(`${vd.override.technician} · ${when(vd.override.at)}`, { colour: MUTED, size: 8 });
  } else if (vd.accepted) {
    paragraph(fill(v.pdf.accepted, { name: vd.accepted.technician ?? data.technician ?? '—', date: when(vd.accepted.at) }), { colour: MUTED });
  }

  // ---- comparison and trend ----
  if (data.history) {
    const h = data.history;
    heading(p.comparison);
    paragraph(fill(p.baselineFrom, { date: day(h.baseline.date) }), { colour: MUTED });
    const cols = [CONTENT_W * 0.4, CONTENT_W * 0.2, CONTENT_W * 0.2, CONTENT_W * 0.2];
    const row = (cells: string[], font: 'R' | 'B') => {
      ensure(18);
      const y = doc.y;
      let x = MARGIN.left;
      doc.font(font).fontSize(10).fillColor(INK);
      cells.forEach((cell, i) => {
        doc.text(cell, x, y, { width: cols[i]! - 6, align: i === 0 ? 'left' : 'right' });
        x += cols[i]!;
      });
      doc.y = y + 16;
    };
    row([p.metric, p.baseline, p.thisVisit, p.change], 'B');
    for (const m of h.baseline.metrics) {
      const change = m.baseline === 0 ? '—' : `${m.current >= m.baseline ? '+' : ''}${formatNumber(((m.current - m.baseline) / Math.abs(m.baseline)) * 100, lang, 0)}%`;
      row([p.metrics[m.key], formatNumber(m.baseline, lang, 3), formatNumber(m.current, lang, 3), change], 'R');
    }
    if (h.trend) {
      const trendChart: EvidenceChart = {
        title: { ko: fill(catalog('ko').reports.pdf.trend, { metric: catalog('ko').reports.pdf.metrics[h.trend.key] }), en: fill(catalog('en').reports.pdf.trend, { metric: catalog('en').reports.pdf.metrics[h.trend.key] }) },
        xLabel: { ko: '', en: '' },
        yLabel: { ko: catalog('ko').reports.pdf.metrics[h.trend.key], en: catalog('en').reports.pdf.metrics[h.trend.key] },
        x: h.trend.points.map((pt) => Date.parse(pt.date)),
        y: h.trend.points.map((pt) => pt.value),
        marks: [],
      };
      drawChart(doc, trendChart, lang, ensure, { xIsTime: true, timeZone: options.timeZone, points: true });
    }
  }

  // ---- refrigerant cycle (its own section file) ----
  if (data.refrigeration && data.refrigeration.readings.length > 0) drawRefrigerationSection(data.refrigeration, lang, { heading, paragraph, bullets: (items) => bullets(items) });

  // ---- recordings ----
  if (data.recordings.length > 0) {
    heading(p.recordings);
    bullets(
      data.recordings.map((r) =>
        fill(p.recordingLine, {
          stream: (p.streams as Record<string, string>)[r.stream] ?? r.stream,
          source: (p.sources as Record<string, string>)[r.source] ?? r.source,
          duration: r.durationS === null ? when(r.startedAt) : fill(p.seconds, { value: formatNumber(r.durationS, lang, 1) }),
        }),
      ),
    );
  }

  // ---- notes ----
  if (session.notes) {
    heading(p.notes);
    paragraph(session.notes);
  }

  // ---- photos, two per row ----
  if (data.photos.length > 0) {
    heading(p.photos);
    const cellW = (CONTENT_W - 16) / 2;
    const cellH = 170;
    for (let i = 0; i < data.photos.length; i += 2) {
      ensure(cellH + 30);
      const y = doc.y;
      for (const [j, photo] of data.photos.slice(i, i + 2).entries()) {
        const x = MARGIN.left + j * (cellW + 16);
        try {
          doc.image(photo.file, x, y, { fit: [cellW, cellH], align: 'center', valign: 'center' });
        } catch {
          // Not a JPEG or PNG, or damaged: leave the frame empty rather than lose the report.
        }
        doc.rect(x, y, cellW, cellH).lineWidth(0.5).strokeColor(RULE).stroke();
        const caption = [photo.caption, photo.takenAt ? when(photo.takenAt) : null].filter(Boolean).join(' · ');
        if (caption) doc.font('R').fontSize(8).fillColor(MUTED).text(caption, x, y + cellH + 3, { width: cellW, height: 22, ellipsis: true });
      }
      doc.y = y + cellH + 28;
    }
  }

  // ---- signature ----
  heading(p.signature);
  ensure(150);
  const box = { x: MARGIN.left, y: doc.y + 4, w: 280, h: 110 };
  doc.rect(box.x, box.y, box.w, box.h).lineWidth(0.6).strokeColor(RULE).stroke();
  const sig = data.signature;
  if (sig) {
    const scale = Math.min((box.w - 16) / sig.width, (box.h - 16) / sig.height);
    const ox = box.x + (box.w - sig.width * scale) / 2;
    const oy = box.y + (box.h - sig.height * scale) / 2;
    doc.save().lineWidth(1.6).lineCap('round').lineJoin('round').strokeColor('#000000');
    for (const stroke of sig.strokes) {
      const [first, ...rest] = stroke;
      if (!first) continue;
      doc.moveTo(ox + first[0] * scale, oy + first[1] * scale);
      if (rest.length === 0) doc.lineTo(ox + first[0] * scale + 0.5, oy + first[1] * scale + 0.5);
      for (const [x, y] of rest) doc.lineTo(ox + x * scale, oy + y * scale);
      doc.stroke();
    }
    doc.restore();
    doc.y = box.y + box.h + 6;
    paragraph(sig.signerName ? fill(p.signedBy, { name: sig.signerName, date: when(sig.signedAt) }) : fill(p.signedOn, { date: when(sig.signedAt) }), { colour: MUTED });
  } else {
    doc.font('R').fontSize(9).fillColor(MUTED).text(p.notSigned, box.x + 8, box.y + 8, { width: box.w - 16 });
    doc.y = box.y + box.h + 6;
  }

  // ---- footers with page numbers ----
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing into the bottom margin must not start a new page.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = A4.height - MARGIN.bottom + 18;
    doc.font('R').fontSize(7.5).fillColor(MUTED);
    doc.text(fill(p.footer, { id: data.reportId, version: data.appVersion, date: when(data.generatedAt) }), MARGIN.left, y, { width: CONTENT_W - 80, lineBreak: false });
    doc.text(fill(p.page, { page: i - range.start + 1, pages: range.count }), MARGIN.left + CONTENT_W - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return finished;
}

/** What the technician's verdict means for the customer: the same sentences as a computed verdict of that severity. */
function overrideMeaning(data: ReportData, lang: 'ko' | 'en'): string {
  const o = data.verdict.override!;
  const m = catalog(lang).verdict.meaning;
  if (o.status === 'healthy') return m.healthy;
  if (o.status === 'not_diagnosable') return m.not_diagnosable;
  return o.severity === 'critical' ? m.critical : o.severity === 'warning' ? m.warning : m.watch;
}

function formatTime(iso: string, lang: 'ko' | 'en', timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

