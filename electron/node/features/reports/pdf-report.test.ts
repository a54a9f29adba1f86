import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../platform/storage/database';
import { seedSession } from '../../testing/field-fixtures';
import { tempDir } from '../../testing/fixtures';
import { storedVerdictSource } from '../../testing/verdict';
import { renderReportPdf } from './pdf-report';
import { gatherReportData } from './report-data';
import { SignatureRepository } from './report-store';
import { SessionReader } from '../recording';

/**
 * The PDF is checked as a customer would see it: text extracted by poppler (pdftotext), pages
 * rendered to images (pdftoppm) and read back by OCR (tesseract). poppler-utils and tesseract come
 * from Debian (.ci/run installs them).
 */
let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = openDatabase(path.join(dir, 'signalcraft.db')).db;
});
afterEach(() => {
  db.close();
  cleanup();
});

const NOW = new Date('2026-03-02T03:00:00.000Z');

function render(sessionId: string, language: 'ko' | 'en') {
  const reader = new SessionReader(db, dir);
  const data = gatherReportData({
    reportId: '01900000-0000-7000-8000-0000000000aa',
    sessionId,
    language,
    reader,
    signatures: new SignatureRepository(db, () => NOW),
    verdicts: storedVerdictSource(db, dir, () => NOW),
    appVersion: '0.1.0',
    now: NOW,
  });
  return renderReportPdf(data, { timeZone: 'Asia/Seoul' });
}

function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function ocrFirstPage(pdf: Buffer, language: string): { text: string; png: Buffer } {
  const file = path.join(dir, 'ocr.pdf');
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
  const png = fs.readFileSync(path.join(dir, 'page.png'));
  const text = execFileSync('tesseract', [path.join(dir, 'page.png'), '-', '-l', language], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { text, png };
}

const signature = (sessionId: string) =>
  new SignatureRepository(db, () => NOW).save({
    sessionId,
    signerName: '박사장',
    width: 600,
    height: 200,
    strokes: [
      [
        [40, 150],
        [120, 40],
        [200, 150],
        [280, 60],
      ],
      [
        [320, 120],
        [560, 110],
      ],
    ],
  });

describe('the PDF report', () => {
  it('in Korean, with the diagnosis, evidence, comparison, photos, notes and signature, embeds its Korean font', async () => {
    const first = seedSession(db, dir, { startedAt: '2025-12-01T01:00:00.000Z', readings: 300, level: 1, seed: 1 });
    const s = seedSession(db, dir, {
      assetId: first.assetId,
      startedAt: '2026-03-02T01:30:00.000Z',
      readings: 300,
      level: 1.4,
      photos: 3,
      diagnosis: true,
      notes: '응축기 팬 소음 있음. 필터 청소함.',
      seed: 2,
    });
    signature(s.sessionId);
    const pdf = await render(s.sessionId, 'ko');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const text = pdfText(pdf);
    for (const expected of ['점검 보고서', '행복마트', '쇼케이스 압축기 1', '베어링 마모 의심: 수리 계획이 필요합니다', '확신 정도: 확실함 (87 %)', '이 결과의 뜻', '베어링 교체를 계획합니다', '베어링이 닳을 때 나는 소리', '107 Hz로 반복', '이전 점검과 비교', '응축기 팬 소음 있음', '박사장 님 서명', 'R-404A', '김기사']) {
      expect(text, expected).toContain(expected);
    }
    // The verdict leads: it comes before the facts table and the evidence.
    expect(text.indexOf('베어링 마모 의심')).toBeLessThan(text.indexOf('담당 기사'));
    expect(text.indexOf('이 결과의 뜻')).toBeLessThan(text.indexOf('확인한 내용'));
    expectPlainKorean(text, ['Copeland / ZB38', '명판 (nameplate)']);
    // The vibration rose by 40 % against the first visit.
    expect(text).toMatch(/진동[^\n]*\+40%/);
    expect(text).toMatch(/전력[^\n]*700[^\n]*980[^\n]*\+40%/);

    const fonts = execFileSync('pdffonts', [writeTmp(pdf)], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJKkr-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    // Only the glyphs used are embedded: a report is far smaller than the font.
    expect(pdf.length).toBeLessThan(400_000);

    const { text: seen } = ocrFirstPage(pdf, 'kor+eng');
    expect(seen.replace(/\s+/g, '')).toContain('쇼케이스압축기');
    // OCR on a shared machine: a generous limit, not a speed requirement.
  }, 120_000);

  it('in English, says plainly that there is no diagnosis yet, and the rendered page shows the asset name', async () => {
    const s = seedSession(db, dir, { assetName: 'Showcase compressor 7', siteName: 'Happy Mart Yeoksam', customerName: 'Happy Mart' });
    const pdf = await render(s.sessionId, 'en');
    const text = pdfText(pdf);
    expect(text).toContain('Service report');
    // Its one recording is not diagnosed yet: said, and never called healthy.
    expect(text).toContain('Still being diagnosed');
    expect(text).toContain('Not every recording was diagnosed when this report was made');
    expect(text).not.toContain('Running normally');
    expect(text).toContain('Not signed on screen.');
    expect(text).not.toContain('How sure');
    expect(text).not.toContain('Comparison with earlier visits');

    const { text: seen, png } = ocrFirstPage(pdf, 'eng');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(seen).toContain('Showcase compressor 7');
    expect(seen).toContain('Still being diagnosed');
  }, 120_000);

  it('keeps a session with many photos readable over several pages, numbered', async () => {
    const s = seedSession(db, dir, { photos: 9, diagnosis: true });
    const pdf = await render(s.sessionId, 'en');
    const text = pdfText(pdf);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });

  it('leaves out a photo whose file is gone instead of failing the report', async () => {
    const s = seedSession(db, dir, { photos: 2 });
    fs.rmSync(s.files.find((f) => f.path.endsWith('.png'))!.path);
    const pdf = await render(s.sessionId, 'ko');
    expect(pdfText(pdf)).toContain('사진');
  });
});

/**
 * What a customer reading the Korean PDF must never meet: the engine's feature names, condition
 * keys, engineers' words, or English sentences. Units (Hz, dB, mm/s, RMS), the app's name and
 * what the technician typed (`userText`, e.g. a maker's name) are allowed.
 */
export function expectPlainKorean(text: string, userText: string[] = []): void {
  let scanned = text;
  for (const u of userText) scanned = scanned.split(u).join(' ');
  scanned = scanned.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ' ');
  for (const banned of [/\b[a-z]+(_[a-z0-9]+)+\b/, /\b(env|mel\d+|prom|rel db|flatness|kurtosis)\b/i, /\b(normal|bearing|valve|unbalance|looseness|refrigerant|electrical|inner|outer)\b/i, /포락선|잡음 바닥|평탄도|첨도|BPF[OI]|\b\d+(\.\d+)?x\b/]) {
    expect(scanned, String(banned)).not.toMatch(banned);
  }
  const allowed = new Set(['Hz', 'kHz', 'dB', 'RMS', 'rpm', 'mm', 'ISO', 'SignalCraft', 'Field', 'kW', 'g', 'A', 'W', 'R']);
  const latinWords = [...scanned.matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]).filter((w) => !allowed.has(w));
  expect(latinWords, 'English words in the Korean PDF').toEqual([]);
}

function writeTmp(pdf: Buffer): string {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}
