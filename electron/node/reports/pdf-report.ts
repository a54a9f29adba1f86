import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { APP_ROOT } from '../app-meta';
import type { EvidenceChart, Localised, Severity } from './diagnosis-input';
import { drawRefrigerationSection } from './pdf-refrigeration';
import type { ReportData } from './report-data';
import { assetKindName, catalog, fill, formatDate, formatDateTime, formatNumber, formatPercent } from './report-text';

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

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 50, bottom: 56, left: 50, right: 50 };
const CONTENT_W = A4.width - MARGIN.left - MARGIN.right;
const INK = '#1a1a1a';
const MUTED = '#5a5a5a';
const RULE = '#c8c8c8';
const ACCENT = '#0b5cad';
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
  const loc = (text: Localised) => text[lang];
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
  const paragraph = (text: string, opts: { colour?: string; size?: number; font?: 'R' | 'B' } = {}) => {
    doc.font(opts.font ?? 'R').fontSize(opts.size ?? 10).fillColor(opts.colour ?? INK);
    ensure(doc.heightOfString(text, { width: CONTENT_W }) + 4);
    doc.text(text, MARGIN.left, doc.y, { width: CONTENT_W, lineGap: 2 });
  };
  const bullets = (items: string[]) => {
    for (const item of items) {
      doc.font('R').fontSize(10).fillColor(INK);
      ensure(doc.heightOfString(item, { width: CONTENT_W - 14 }) + 4);
      const y = doc.y;
      doc.text('•', MARGIN.left, y, { width: 12 });
      doc.text(item, MARGIN.left + 14, y, { width: CONTENT_W - 14, lineGap: 2 });
    }
  };

  // ---- title ----
  doc.font('B').fontSize(22).fillColor(INK).text(p.title, MARGIN.left, MARGIN.top, { width: CONTENT_W });
  doc.font('R').fontSize(10).fillColor(MUTED).text(p.subtitle, { width: CONTENT_W });
  doc.moveDown(0.6);

  // ---- facts ----
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
  ];
  const labelW = 110;
  for (const [label, value] of facts) {
    if (value === null || value === '') continue;
    doc.font('R').fontSize(10);
    const h = Math.max(doc.heightOfString(value, { width: CONTENT_W - labelW }), 12) + 3;
    ensure(h);
    const y = doc.y;
    doc.fillColor(MUTED).text(label, MARGIN.left, y, { width: labelW - 8 });
    doc.fillColor(INK).font(label === p.asset ? 'B' : 'R').text(value, MARGIN.left + labelW, y, { width: CONTENT_W - labelW });
    doc.y = Math.max(doc.y, y + h);
  }

  // ---- diagnosis ----
  heading(p.diagnosis);
  const dx = data.diagnosis;
  if (!dx) {
    paragraph(p.noDiagnosis, { colour: MUTED });
  } else {
    ensure(40);
    const style = SEVERITY_STYLE[dx.severity];
    const y = doc.y;
    doc.font('B').fontSize(15).fillColor(INK).text(loc(dx.condition), MARGIN.left, y, { width: CONTENT_W - 150 });
    const badge = `${style.shape} ${t.reports.severity[dx.severity]}`;
    doc.font('B').fontSize(11);
    const bw = doc.widthOfString(badge) + 16;
    doc.roundedRect(MARGIN.left + CONTENT_W - bw, y, bw, 20, 4).fill(style.colour);
    doc.fillColor('#ffffff').text(badge, MARGIN.left + CONTENT_W - bw + 8, y + 3, { width: bw - 16, lineBreak: false });
    doc.y = Math.max(doc.y, y + 24);
    paragraph(fill(p.confidence, { value: formatPercent(dx.confidence, lang) }), { font: 'B' });
    if (dx.uncertain) paragraph(p.uncertain, { colour: SEVERITY_STYLE.warning.colour });
    if (dx.isoZone) paragraph(fill(p.isoZone, { zone: dx.isoZone.zone, velocity: formatNumber(dx.isoZone.velocityMmS, lang) }));
    if (dx.evidence.length > 0) {
      doc.moveDown(0.3);
      paragraph(p.evidence, { font: 'B' });
      bullets(dx.evidence.map(loc));
    }
    if (dx.chart) drawChart(doc, dx.chart, lang, ensure);
    paragraph(fill(p.model, { version: dx.modelVersion, date: when(dx.createdAt) }), { colour: MUTED, size: 8 });
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
  if (data.refrigeration && data.refrigeration.readings.length > 0) drawRefrigerationSection(data.refrigeration, lang, { heading, paragraph, bullets });

  // ---- recommendations ----
  heading(p.recommendations);
  if (dx && dx.recommendations.length > 0) bullets(dx.recommendations.map(loc));
  else paragraph(dx ? p.noRecommendations : p.noDiagnosis, { colour: MUTED });

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

function formatTime(iso: string, lang: 'ko' | 'en', timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/**
 * A line chart in vector graphics: the evidence spectrum with its marked frequencies, or a trend
 * over visits. Long series are reduced to min/max per pixel column, which keeps every peak.
 */
function drawChart(
  doc: PDFKit.PDFDocument,
  chart: EvidenceChart,
  lang: 'ko' | 'en',
  ensure: (h: number) => void,
  options: { xIsTime?: boolean; timeZone?: string | undefined; points?: boolean } = {},
): void {
  const height = 150;
  ensure(height + 40);
  doc.moveDown(0.4);
  doc.font('B').fontSize(10).fillColor(INK).text(chart.title[lang], MARGIN.left, doc.y, { width: CONTENT_W });
  const area = { x: MARGIN.left + 44, y: doc.y + 4, w: CONTENT_W - 54, h: height - 30 };
  const n = Math.min(chart.x.length, chart.y.length);
  const xs = chart.x.slice(0, n);
  const ys = chart.y.slice(0, n);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  let yMin = Math.min(...ys);
  let yMax = Math.max(...ys);
  if (yMax === yMin) {
    yMax += 1;
    yMin -= 1;
  }
  const span = xMax - xMin || 1;
  const px = (x: number) => area.x + ((x - xMin) / span) * area.w;
  const py = (y: number) => area.y + area.h - ((y - yMin) / (yMax - yMin)) * area.h;

  doc.rect(area.x, area.y, area.w, area.h).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.font('R').fontSize(7).fillColor(MUTED);
  // Enough decimals that the three labels differ: 0.017, 0.02, 0.024 rather than 0.02 three times.
  const yDigits = Math.min(5, Math.max(0, 2 - Math.floor(Math.log10(yMax - yMin))));
  for (const v of [yMin, (yMin + yMax) / 2, yMax]) doc.text(formatNumber(v, lang, yDigits), MARGIN.left, py(v) - 4, { width: 40, align: 'right', lineBreak: false });
  for (const v of [xMin, (xMin + xMax) / 2, xMax]) {
    const label = options.xIsTime ? formatDate(new Date(v).toISOString(), lang, options.timeZone) : formatNumber(v, lang, 1);
    doc.text(label, px(v) - 40, area.y + area.h + 3, { width: 80, align: 'center', lineBreak: false });
  }
  if (chart.xLabel[lang]) doc.text(chart.xLabel[lang], area.x, area.y + area.h + 13, { width: area.w, align: 'center', lineBreak: false });
  if (chart.yLabel[lang] && !options.xIsTime) doc.text(chart.yLabel[lang], area.x + 4, area.y + 3, { width: area.w - 8, lineBreak: false });

  // Marks first, under the line.
  for (const mark of chart.marks) {
    if (mark.x < xMin || mark.x > xMax) continue;
    const x = px(mark.x);
    doc.save().dash(2, { space: 2 }).moveTo(x, area.y).lineTo(x, area.y + area.h).lineWidth(0.6).strokeColor('#b00020').stroke().undash().restore();
    doc.font('R').fontSize(7).fillColor('#b00020').text(mark.label[lang], x + 2, area.y + 12, { width: 90, lineBreak: false });
  }

  const columns = Math.max(2, Math.floor(area.w));
  const reduced: [number, number][] = [];
  if (n > columns * 2) {
    for (let c = 0; c < columns; c += 1) {
      let lo = Infinity;
      let hi = -Infinity;
      let loX = 0;
      let hiX = 0;
      const from = Math.floor((c * n) / columns);
      const to = Math.floor(((c + 1) * n) / columns);
      for (let i = from; i < to; i += 1) {
        if (ys[i]! < lo) {
          lo = ys[i]!;
          loX = xs[i]!;
        }
        if (ys[i]! > hi) {
          hi = ys[i]!;
          hiX = xs[i]!;
        }
      }
      if (lo === Infinity) continue;
      if (loX <= hiX) reduced.push([loX, lo], [hiX, hi]);
      else reduced.push([hiX, hi], [loX, lo]);
    }
  } else {
    for (let i = 0; i < n; i += 1) reduced.push([xs[i]!, ys[i]!]);
  }
  doc.save().lineWidth(0.9).strokeColor(ACCENT).lineJoin('round');
  reduced.forEach(([x, y], i) => (i === 0 ? doc.moveTo(px(x), py(y)) : doc.lineTo(px(x), py(y))));
  doc.stroke();
  if (options.points) for (const [x, y] of reduced) doc.circle(px(x), py(y), 2).fill(ACCENT);
  doc.restore();
  doc.y = area.y + area.h + 26;
  doc.x = MARGIN.left;
}
