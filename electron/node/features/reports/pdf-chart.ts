import { formatDate, formatNumber } from './report-text';
import type { EvidenceChart } from './diagnosis-input';

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 50, bottom: 56, left: 50, right: 50 };
export const CONTENT_W = A4.width - MARGIN.left - MARGIN.right;
export const INK = '#1a1a1a';
export const MUTED = '#5a5a5a';
export const RULE = '#c8c8c8';
export const ACCENT = '#0b5cad';
const MARK = '#b00020';
const MARK_ROWS = 3;

/**
 * A line chart in vector graphics: the evidence spectrum with its marked frequencies, or a trend
 * over visits. Long series are reduced to min/max per pixel column, which keeps every peak.
 */
export function drawChart(
  doc: PDFKit.PDFDocument,
  chart: EvidenceChart,
  lang: 'ko' | 'en',
  ensure: (h: number) => void,
  options: { xIsTime?: boolean; timeZone?: string | undefined; points?: boolean } = {},
): void {
  const height = 150;
  ensure(height + 40);
  doc.moveDown(0.4);
  const titleY = doc.y;
  // The y axis' name on the title's line, right-aligned: inside the plot it would meet the marks' labels.
  if (chart.yLabel[lang] && !options.xIsTime) doc.font('R').fontSize(7).fillColor(MUTED).text(chart.yLabel[lang], MARGIN.left, titleY + 3, { width: CONTENT_W, align: 'right', lineBreak: false });
  doc.font('B').fontSize(10).fillColor(INK).text(chart.title[lang], MARGIN.left, titleY, { width: CONTENT_W * 0.62, lineBreak: false });
  const area = { x: MARGIN.left + 44, y: titleY + 18, w: CONTENT_W - 54, h: height - 30 };
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
  // The first tick label starts at the axis and the last ends at it: none reaches the y labels or the margin.
  ([[xMin, 'left'], [(xMin + xMax) / 2, 'center'], [xMax, 'right']] as const).forEach(([v, align]) => {
    const label = options.xIsTime ? formatDate(new Date(v).toISOString(), lang, options.timeZone) : formatNumber(v, lang, 1);
    const left = align === 'left' ? area.x : align === 'right' ? area.x + area.w - 80 : px(v) - 40;
    doc.text(label, left, area.y + area.h + 3, { width: 80, align, lineBreak: false });
  });
  if (chart.xLabel[lang]) doc.text(chart.xLabel[lang], area.x, area.y + area.h + 13, { width: area.w, align: 'center', lineBreak: false });

  // Marks first, under the line. Labels go on the first of three rows where they do not touch the
  // previous label, so close frequencies never print over each other.
  const rowEnds = new Array<number>(MARK_ROWS).fill(-Infinity);
  doc.font('R').fontSize(7);
  for (const mark of chart.marks) {
    if (mark.x < xMin || mark.x > xMax) continue;
    const x = px(mark.x);
    doc.save().dash(2, { space: 2 }).moveTo(x, area.y).lineTo(x, area.y + area.h).lineWidth(0.6).strokeColor(MARK).stroke().undash().restore();
    const label = mark.label[lang];
    const w = doc.widthOfString(label) + 4;
    const left = x + w + 2 > area.x + area.w ? x - w - 2 : x + 2;
    const row = rowEnds.findIndex((end) => left > end);
    if (row === -1) continue; // no free row: the dashed line stays, its label would only collide
    rowEnds[row] = left + w;
    doc.fillColor(MARK).text(label, left, area.y + 3 + row * 9, { width: w + 2, lineBreak: false });
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
