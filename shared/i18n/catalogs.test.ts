import { describe, expect, it } from 'vitest';
import { AssetKind } from '../contract/register';
import { en } from './en';
import { ko } from './ko';

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') out.set(path, child);
    else for (const [k, v] of flatten(child, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

/** Latin words a Korean technician reads as they are: the brand, units, file formats, and names printed on parts and screens. */
const ALLOWED_LATIN = [
  ...['SignalCraft', 'Field', 'CoolProp', 'English'],
  ...['Hz', 'kHz', 'GB', 'dB', 'dBm', 'dBFS', 'mm', 'in', 'kg', 'kW', 'kPa', 'psi', 'ppm', 'ms', 'rpm', 'RT', 'RMS', 'ISO'],
  ...['PDF', 'WAV', 'FLAC', 'CSV', 'JSON', 'zip'],
  ...['QR', 'USB', 'Wi', 'Fi', 'HTTP', 'IP', 'LED', 'SSID', 'MAC', 'ID', 'CRC', 'COM', 'Linux', 'Windows'],
  // Buttons as printed on the sensor's board.
  ...['BOOT', 'EN', 'RST'],
];
/** What the technician types or reads verbatim: a command, an option, a file name, a device path, a URL scheme, a library's name in parentheses. */
const VERBATIM = [/“[a-z-]+ [a-z-]+”/g, /--[a-z-]+/g, /\b[\w-]+\.json\b/g, /\/dev\/\w+/g, /\bhttps?\b/g, /\([a-z][\w-]+\)/g];

describe('UI text catalogs', () => {
  const enKeys = flatten(en);
  const koKeys = flatten(ko);

  it('Korean and English have exactly the same keys', () => {
    expect([...koKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
  });

  it('no text is empty, and both languages use the same placeholders', () => {
    for (const [key, text] of enKeys) {
      expect(text.trim(), key).not.toBe('');
      expect(koKeys.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(koKeys.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('Korean text is actually Korean where it is a sentence', () => {
    const hangul = /[\uAC00-\uD7A3]/;
    for (const key of ['sites.empty', 'assets.kinds.compressor', 'errors.code.storage_error', 'about.overall.fail']) {
      expect(koKeys.get(key), key).toMatch(hangul);
    }
  });

  it('Korean text has no English words in it (names, units and codes aside)', () => {
    const allowed = new Set(ALLOWED_LATIN);
    const offending: string[] = [];
    for (const [key, text] of koKeys) {
      const prose = VERBATIM.reduce((t, pattern) => t.replace(pattern, ''), text.replace(/{{\s*\w+\s*}}/g, ''));
      const latin = prose.match(/[A-Za-z]{2,}/g) ?? [];
      const words = latin.filter((w) => !allowed.has(w));
      if (words.length > 0) offending.push(`${key}: ${words.join(' ')}`);
    }
    expect(offending).toEqual([]);
  });

  it('every kind of equipment has a name', () => {
    for (const kind of AssetKind.options) expect(enKeys.has(`assets.kinds.${kind}`), kind).toBe(true);
  });
});
