import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { AppError, type FileDownload, type RefrigerantRecord } from '../../../../shared/contract';
import { ko } from '../../../../shared/i18n/ko';
import { REPORT_FONTS_DIR } from '../reports';
import type { SitesRepository } from '../register';
import type { SiteSummary } from '../../../../shared/contract';
import type { RefrigerationRepository, VisitFacts } from './refrigeration-repository';

/**
 * The site's yearly 냉매관리기록부 (refrigerant management record), in Korean, as a PDF laid out
 * like the paper record and as a CSV Excel opens (UTF-8 with a byte-order mark). What of the
 * layout is confirmed and what is inferred: docs/diagnosis.md, "The refrigerant record".
 * Dates are Korean dates (Asia/Seoul): the record is kept under Korean law.
 */

const ZONE = 'Asia/Seoul';
type Row = RefrigerantRecord & VisitFacts & { maker: string | null; model: string | null; serialNumber: string | null };

type SiteRow = Pick<SiteSummary, 'name' | 'address' | 'customerName'>;

export interface YearlyRecord {
  year: number;
  site: SiteRow;
  rows: Row[];
  writtenAt: string;
}

/** Start of a Korean calendar year as a UTC instant (KST has no daylight saving: always +09:00). */
const koreanYearStart = (year: number) => new Date(`${year}-01-01T00:00:00+09:00`).toISOString();

export function gatherYearlyRecord(sites: SitesRepository, repo: RefrigerationRepository, siteId: string, year: number, now: Date): YearlyRecord {
  let site: SiteRow;
  try {
    const { name, address, customerName } = sites.get(siteId);
    site = { name, address, customerName };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', `No site with id ${siteId}.`, 'siteId');
    throw err;
  }
  const rows = repo.yearlyRecordRows(siteId, koreanYearStart(year), koreanYearStart(year + 1));
  return { year, site, rows, writtenAt: now.toISOString() };
}

const t = ko.refrigeration;
const e = t.export;
const day = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const num = (v: number | null, digits = 2) => (v === null ? '' : String(Math.round(v * 10 ** digits) / 10 ** digits));
const fill = (s: string, v: Record<string, string | number>) => s.replace(/{{\s*(\w+)\s*}}/g, (_, k: string) => String(v[k] ?? ''));
const required = (r: Row) => (r.recordRequired === null ? e.unknown : r.recordRequired ? e.yes : e.no);
const points = (r: Row) => r.leakCheckPoints.map((p) => t.record.point[p]).join(', ');
const method = (r: Row) => (r.leakCheckMethod ? t.record.methods[r.leakCheckMethod] : '');
const capacity = (r: Row) => (r.capacity === null ? '' : `${num(r.capacity)} ${r.capacityUnit}`);
const total = (rows: Row[], key: 'chargedKg' | 'recoveredKg') => rows.reduce((s, r) => s + (r[key] ?? 0), 0);

const COLUMNS = [e.date, e.equipment, e.maker, e.model, e.serial, e.refrigerant, e.capacity, e.capacityRt, e.required, e.result, e.points, e.method, e.leakLocation, e.charged, e.chargedCylinder, e.recovered, e.recoveredCylinder, e.technician];

function cells(r: Row): string[] {
  return [
    day(r.startedAt),
    r.assetName,
    r.maker ?? '',
    r.model ?? '',
    r.serialNumber ?? '',
    r.refrigerant ?? '',
    capacity(r),
    num(r.capacityRt),
    required(r),
    t.record.results[r.leakCheckResult],
    points(r),
    method(r),
    r.leakLocation ?? '',
    num(r.chargedKg),
    r.chargedCylinder ?? '',
    num(r.recoveredKg),
    r.recoveredCylinder ?? '',
    r.technician ?? '',
  ];
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');

export function yearlyRecordCsv(record: YearlyRecord): FileDownload {
  const head = [
    [fill(e.title, { year: record.year })],
    [e.site, record.site.name],
    [e.address, record.site.address ?? ''],
    [e.owner, record.site.customerName ?? ''],
    [e.written, day(record.writtenAt)],
    [],
    COLUMNS,
  ];
  const body = record.rows.map(cells);
  const foot = [[e.total, '', '', '', '', '', '', '', '', '', '', '', '', num(total(record.rows, 'chargedKg')), '', num(total(record.rows, 'recoveredKg')), '', '']];
  // CRLF and a byte-order mark: what Excel on a Korean Windows laptop needs to open UTF-8 Hangul correctly.
  const text = '\uFEFF' + stringify([...head, ...body, ...foot], { record_delimiter: '\r\n' });
  return {
    fileName: `${safeName(fill(e.fileName, { site: record.site.name, year: record.year }))}.csv`,
    mimeType: 'text/csv;charset=utf-8',
    dataBase64: Buffer.from(text, 'utf8').toString('base64'),
  };
}

export async function yearlyRecordPdf(record: YearlyRecord): Promise<FileDownload> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: 40, bottom: 40, left: 36, right: 36 }, lang: 'ko-KR', info: { Title: fill(e.title, { year: record.year }), CreationDate: new Date(record.writtenAt) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', fs.readFileSync(path.join(REPORT_FONTS_DIR, 'NotoSansKR-Subset-Regular.otf')));
  doc.registerFont('B', fs.readFileSync(path.join(REPORT_FONTS_DIR, 'NotoSansKR-Subset-Bold.otf')));
  const left = 36;
  const width = doc.page.width - 72;

  doc.font('B').fontSize(16).text(fill(e.title, { year: record.year }), left, 40, { width, align: 'center' });
  doc.font('R').fontSize(8).fillColor('#444').text(e.legal, { width, align: 'center' }).fillColor('#000').moveDown(0.8);
  const info: [string, string][] = [
    [e.site, record.site.name],
    [e.address, record.site.address ?? ''],
    [e.owner, record.site.customerName ?? ''],
    [e.written, day(record.writtenAt)],
  ];
  for (const [k, v] of info) doc.font('B').fontSize(9).text(`${k}: `, { continued: true }).font('R').text(v);
  doc.moveDown(0.6);

  // Grid: the paper form's columns, narrow ones for numbers.
  const widths = [52, 62, 44, 44, 46, 40, 42, 34, 38, 48, 62, 46, 44, 34, 40, 34, 40, 40];
  const scale = width / widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => w * scale);
  const drawRow = (values: string[], bold: boolean) => {
    doc.font(bold ? 'B' : 'R').fontSize(6.5);
    const heights = values.map((v, i) => doc.heightOfString(v, { width: cols[i]! - 4 }));
    const h = Math.max(14, ...heights.map((x) => x + 5));
    if (doc.y + h > doc.page.height - 40) doc.addPage();
    const y = doc.y;
    let x = left;
    values.forEach((v, i) => {
      doc.rect(x, y, cols[i]!, h).lineWidth(0.4).stroke('#777');
      doc.fillColor('#000').text(v, x + 2, y + 2.5, { width: cols[i]! - 4, lineBreak: true });
      x += cols[i]!;
    });
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(COLUMNS, true);
  if (record.rows.length === 0) {
    doc.moveDown(0.5).font('R').fontSize(9).text(fill(e.noVisits, { year: record.year }), left);
  }
  for (const r of record.rows) drawRow(cells(r), false);
  drawRow([e.total, '', '', '', '', '', '', '', '', '', '', '', '', num(total(record.rows, 'chargedKg')), '', num(total(record.rows, 'recoveredKg')), '', ''], true);
  doc.end();
  const pdf = await done;
  return {
    fileName: `${safeName(fill(e.fileName, { site: record.site.name, year: record.year }))}.pdf`,
    mimeType: 'application/pdf',
    dataBase64: pdf.toString('base64'),
  };
}
