import { createTheme, MantineProvider } from '@mantine/core';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

/**
 * Light for sunlight, dark for plant rooms. The choice is kept on this device (localStorage) so the
 * screen does not flash the wrong theme before the back end answers; Settings changes it.
 */
export type ColorScheme = 'light' | 'dark';
const STORAGE_KEY = 'signalcraft.colorScheme';

export function readStoredScheme(): ColorScheme {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'dark' ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

interface SchemeContextValue {
  scheme: ColorScheme;
  setScheme: (scheme: ColorScheme) => void;
}
const SchemeContext = createContext<SchemeContextValue>({ scheme: 'light', setScheme: () => undefined });

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

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [scheme, setSchemeState] = useState<ColorScheme>(readStoredScheme);
  const value = useMemo<SchemeContextValue>(
    () => ({
      scheme,
      setScheme: (next) => {
        try {
          window.localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Private mode: the choice lasts for this window only.
        }
        setSchemeState(next);
      },
    }),
    [scheme],
  );
  return (
    <SchemeContext.Provider value={value}>
      <MantineProvider theme={theme} forceColorScheme={scheme} withCssVariables={false} withGlobalClasses={false}>
        {children}
      </MantineProvider>
    </SchemeContext.Provider>
  );
}
