import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Language, type LanguageSetting, resolveLanguage } from '../../../shared/contract/settings';
import { en } from '../../../shared/i18n/en';
import { ko } from '../../../shared/i18n/ko';

/** Korean when the OS/browser says Korean, until the technician picks a language in Settings. */
export function initialLanguage(): Language {
  return resolveLanguage('system', navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    // React escapes output already.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export async function applyLanguageSetting(setting: LanguageSetting): Promise<void> {
  const lang = resolveLanguage(setting, navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  if (i18next.language !== lang) await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}
