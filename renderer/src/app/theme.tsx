import { createTheme, MantineProvider } from '@mantine/core';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type ApiClient, type ColorSchemeSetting, DEFAULT_SETTINGS, type Settings } from '../../../shared/contract';
import { useApi, useApiQuery } from './api';

/**
 * Light for sunlight, dark for plant rooms. The choice is one of the app's Settings (the back end
 * stores it), so the desktop window and every serve-mode browser agree and a new browser profile
 * keeps it. The settings are fetched before the first render (`prefetchSettings`), so the first
 * paint already has the right theme; Settings changes it everywhere at once (settings.changed).
 */
export type ColorScheme = ColorSchemeSetting;
const SETTINGS_KEY = ['settings.get', {}] as const;
/** Where earlier versions kept the choice in the browser: moved into Settings once, then removed. */
const LEGACY_STORAGE_KEY = 'signalcraft.colorScheme';
/**
 * The longest the first render waits for the settings. The back end answers settings.get even
 * while start-up recovery runs; past this (back end down) the default theme shows, and the
 * stored one follows as soon as the answer comes.
 */
const FIRST_PAINT_WAIT_MS = 3000;

/** Puts the settings in the query cache before the first render, and moves a theme chosen by an earlier version into them. */
export async function prefetchSettings(queryClient: QueryClient, client: ApiClient): Promise<Settings | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FIRST_PAINT_WAIT_MS);
  });
  await Promise.race([queryClient.prefetchQuery({ queryKey: SETTINGS_KEY, queryFn: () => client.call('settings.get', {}) }), gaveUp]);
  clearTimeout(timer);
  const settings = queryClient.getQueryData<Settings>(SETTINGS_KEY);
  if (!settings) return undefined;
  const legacy = readLegacyScheme();
  if (legacy === 'dark' && settings.colorScheme === DEFAULT_SETTINGS.colorScheme) {
    try {
      const updated = await client.call('settings.update', { colorScheme: legacy });
      queryClient.setQueryData(SETTINGS_KEY, updated);
      forgetLegacyScheme();
      return updated;
    } catch {
      return settings; // moved on the next start
    }
  }
  if (legacy) forgetLegacyScheme();
  return settings;
}

function readLegacyScheme(): ColorScheme | null {
  try {
    const v = window.localStorage.getItem(LEGACY_STORAGE_KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

function forgetLegacyScheme(): void {
  try {
    window.localStorage.removeItem(LEGACY_STORAGE_KEY);
  } catch {
    // private mode: nothing was kept
  }
}

interface SchemeContextValue {
  scheme: ColorScheme;
  /** Applies at once and stores it in Settings; rejects (and goes back) when the back end refuses. */
  setScheme: (scheme: ColorScheme) => Promise<void>;
}
const SchemeContext = createContext<SchemeContextValue>({ scheme: DEFAULT_SETTINGS.colorScheme, setScheme: async () => undefined });

export const useColorScheme = (): SchemeContextValue => useContext(SchemeContext);

/**
 * Large controls by default (48 px and more: gloves, tablets). Mantine's colours and sizes come from
 * its static stylesheet plus renderer/src/app/theme.css; the provider writes no <style> element
 * (withCssVariables/withGlobalClasses off), because the app's CSP allows no inline style sheet.
 */
const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: "system-ui, 'Noto Sans KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif",
  components: {
    Button: { defaultProps: { size: 'lg' } },
    TextInput: { defaultProps: { size: 'lg' } },
    Textarea: { defaultProps: { size: 'lg' } },
    PasswordInput: { defaultProps: { size: 'lg' } },
    NativeSelect: { defaultProps: { size: 'lg' } },
    SegmentedControl: { defaultProps: { size: 'lg' } },
    Switch: { defaultProps: { size: 'lg' } },
    Radio: { defaultProps: { size: 'lg' } },
    Checkbox: { defaultProps: { size: 'lg' } },
  },
});

/** Inside the query and API providers: the theme is read from, and written to, the settings. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const settings = useApiQuery('settings.get', {});
  const scheme = settings.data?.colorScheme ?? DEFAULT_SETTINGS.colorScheme;
  const value = useMemo<SchemeContextValue>(
    () => ({
      scheme,
      setScheme: async (next) => {
        const before = queryClient.getQueryData<Settings>(SETTINGS_KEY);
        if (before) queryClient.setQueryData<Settings>(SETTINGS_KEY, { ...before, colorScheme: next });
        try {
          queryClient.setQueryData(SETTINGS_KEY, await client.call('settings.update', { colorScheme: next }));
        } catch (error) {
          if (before) queryClient.setQueryData(SETTINGS_KEY, before);
          throw error;
        }
      },
    }),
    [scheme, client, queryClient],
  );
  return (
    <SchemeContext.Provider value={value}>
      <MantineProvider theme={theme} forceColorScheme={scheme} withCssVariables={false} withGlobalClasses={false}>
        {children}
      </MantineProvider>
    </SchemeContext.Provider>
  );
}
