import { describe, expect, it } from 'vitest';
import { uiEn, uiKo } from './ui';

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

describe('field-tool screen text (ui catalogue)', () => {
  const en = flatten(uiEn);
  const ko = flatten(uiKo);
  it('Korean and English have the same keys and placeholders, none empty', () => {
    expect([...ko.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(ko.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
  it('Korean text has no English words in it (brand and units aside)', () => {
    for (const [key, text] of ko) {
      const latin = text.replace(/{{\s*\w+\s*}}/g, '').match(/[A-Za-z]{2,}/g) ?? [];
      expect(latin.filter((w) => !['Hz', 'QR', 'USB'].includes(w)), key).toEqual([]);
    }
  });
});
