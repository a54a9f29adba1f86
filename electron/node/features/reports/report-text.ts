import type { Language } from '../../../../shared/contract';
import { en } from '../../../../shared/i18n/en';
import { ko } from '../../../../shared/i18n/ko';

/**
 * The words the back end prints into PDFs and CSVs come from the same catalogs as the UI
 * (shared/i18n), so Korean and English stay complete and checked in one place.
 */
export function catalog(language: Language) {
  return language === 'ko' ? ko : en;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/{{\s*(\w+)\s*}}/g, (_, key: string) => String(values[key] ?? ''));
}

const LOCALES: Record<Language, string> = { ko: 'ko-KR', en: 'en-GB' };

export function formatDateTime(iso: string, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export function formatDate(iso: string, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export function formatPercent(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function formatNumber(value: number, language: Language, digits = 2): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export function assetKindName(kind: string, language: Language): string {
  const kinds = catalog(language).assets.kinds as Record<string, string>;
  return kinds[kind] ?? kind;
}
