import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorFromZod } from './errors';
import { EVENT_NAMES, events } from './events';
import { isMethodName, METHOD_NAMES, methods } from './methods';
import { AssetInput, AssetTag, SiteInput } from './register';
import { resolveLanguage, Settings, SettingsPatch } from './settings';

describe('the contract', () => {
  it('declares params and result schemas for every method, and a schema for every event', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(10);
    for (const name of METHOD_NAMES) {
      expect(methods[name].params).toBeInstanceOf(z.ZodType);
      expect(methods[name].result).toBeInstanceOf(z.ZodType);
    }
    for (const name of EVENT_NAMES) expect(events[name]).toBeInstanceOf(z.ZodType);
  });

  it('knows its own method names and nothing inherited', () => {
    expect(isMethodName('sites.list')).toBe(true);
    for (const name of ['constructor', '__proto__', 'toString', 'SITES.LIST', 42]) expect(isMethodName(name)).toBe(false);
  });

  it('trims text and turns empty optional text into null', () => {
    const site = SiteInput.parse({ name: '  행복마트  ', address: '   ', notes: '' });
    expect(site).toEqual({ name: '행복마트', address: null, notes: null });
  });

  it('rejects a blank name and says which field', () => {
    const result = SiteInput.safeParse({ name: '   ' });
    expect(result.success).toBe(false);
    if (!result.success) expect(errorFromZod(result.error)).toMatchObject({ code: 'invalid_params', field: 'name' });
  });

  it('accepts asset tags as scanners produce them, and rejects spaces and control characters', () => {
    for (const tag of ['QR-0001', 'A1B2C3', 'https://sc.example/a/77', '설비-01', 'LOT#12+3']) {
      expect(AssetTag.safeParse(tag).success, tag).toBe(true);
    }
    for (const tag of ['two words', 'tab\there', 'nul\0', '']) expect(AssetTag.safeParse(tag).success, tag).toBe(false);
  });

  it('requires a known kind of equipment', () => {
    const base = { siteId: '01900000-0000-7000-8000-000000000001', name: 'x' };
    expect(AssetInput.safeParse({ ...base, kind: 'compressor' }).success).toBe(true);
    expect(AssetInput.safeParse({ ...base, kind: 'toaster' }).success).toBe(false);
  });

  it('accepts only http(s) server addresses', () => {
    expect(SettingsPatch.safeParse({ serverUrl: 'https://signalcraft.example/api' }).success).toBe(true);
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://x', 'not a url']) {
      expect(SettingsPatch.safeParse({ serverUrl: url }).success, url).toBe(false);
    }
    expect(SettingsPatch.safeParse({ colour: 'red' }).success).toBe(false);
    expect(Settings.keyof().options).toContain('language');
  });

  it('picks Korean for a Korean locale unless the setting says otherwise', () => {
    expect(resolveLanguage('system', ['ko-KR', 'en-US'])).toBe('ko');
    expect(resolveLanguage('system', ['en-GB'])).toBe('en');
    expect(resolveLanguage('system', [])).toBe('en');
    expect(resolveLanguage('en', ['ko-KR'])).toBe('en');
  });
});
