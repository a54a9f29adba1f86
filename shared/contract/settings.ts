import { z } from 'zod';
import { CrashReportsConsent, UpdateChannel } from './shipping';

/** `system` follows the OS (Electron) or browser locale: Korean when it is Korean, English otherwise. */
export const LanguageSetting = z.enum(['system', 'ko', 'en']);
export type LanguageSetting = z.infer<typeof LanguageSetting>;
export const Language = z.enum(['ko', 'en']);
export type Language = z.infer<typeof Language>;

export const TemperatureUnit = z.enum(['celsius', 'fahrenheit']);
/** Light for sunlight, dark for plant rooms. */
export const ColorSchemeSetting = z.enum(['light', 'dark']);
export type ColorSchemeSetting = z.infer<typeof ColorSchemeSetting>;
export const VibrationUnit = z.enum(['mm_s', 'in_s']);

export const ServerUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' })
  .max(500);

export const Settings = z.object({
  language: LanguageSetting,
  /** Where reports and readings are uploaded when online; null until the office gives one. */
  serverUrl: ServerUrl.nullable(),
  temperatureUnit: TemperatureUnit,
  vibrationUnit: VibrationUnit,
  /** Printed on sessions and reports. */
  technicianName: z.string().trim().max(120).nullable(),
  /** The technician's company and licence number (냉동기계기능사 등), stamped on each visit with the name. */
  technicianCompany: z.string().trim().max(120).nullable(),
  technicianLicence: z.string().trim().max(60).nullable(),
  /** Crash reports: off until the technician chooses (first-run question, then Settings). */
  crashReports: CrashReportsConsent,
  updateChannel: UpdateChannel,
  /** Download updates in the background when found; otherwise the technician starts the download. */
  updateAutoDownload: z.boolean(),
  /**
   * The screen's theme. Kept here, not in the browser, so the desktop window and every serve-mode
   * browser show the same one, and a new browser profile keeps it.
   */
  colorScheme: ColorSchemeSetting,
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  serverUrl: null,
  temperatureUnit: 'celsius',
  vibrationUnit: 'mm_s',
  technicianName: null,
  technicianCompany: null,
  technicianLicence: null,
  crashReports: 'ask',
  updateChannel: 'stable',
  updateAutoDownload: true,
  colorScheme: 'light',
};

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Resolves `system` against the locale list the platform reports (navigator.languages, app locale). */
export function resolveLanguage(setting: LanguageSetting, locales: readonly string[]): Language {
  if (setting !== 'system') return setting;
  const first = locales[0]?.toLowerCase() ?? '';
  return first.startsWith('ko') ? 'ko' : 'en';
}
