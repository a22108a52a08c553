import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { isLocale } from '../i18n/setup';
import { defaultPrefs, type FormatPrefs } from '../ui/format';
import type { ColorMode } from './theme';

const MODE_KEY = 'peyvand.theme';

interface ColorModeValue {
  mode: ColorMode;
  setMode: (mode: ColorMode) => void;
}

const ColorModeContext = createContext<ColorModeValue>({ mode: 'light', setMode: () => {} });

function initialMode(): ColorMode {
  try {
    const stored = localStorage.getItem(MODE_KEY);
    if (stored === 'light' || stored === 'dark') return stored;
  } catch {
    // storage disabled
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function ColorModeProvider({ children }: { children: (mode: ColorMode) => ReactNode }) {
  const [mode, setModeState] = useState<ColorMode>(initialMode);
  const setMode = useCallback((next: ColorMode) => {
    setModeState(next);
    try {
      localStorage.setItem(MODE_KEY, next);
    } catch {
      // storage disabled
    }
  }, []);
  const value = useMemo(() => ({ mode, setMode }), [mode, setMode]);
  return <ColorModeContext.Provider value={value}>{children(mode)}</ColorModeContext.Provider>;
}

export function useColorMode() {
  return useContext(ColorModeContext);
}

/** How to show numbers and dates now: the user's settings when signed in, else the UI language's defaults. */
export function useFormatPrefs(): FormatPrefs {
  const { i18n } = useTranslation();
  const me = useMe().data;
  const locale = isLocale(i18n.language) ? i18n.language : 'fa';
  const settings = me?.user.settings;
  return useMemo(() => {
    const defaults = defaultPrefs(locale);
    if (!settings) return defaults;
    return {
      locale,
      calendar: settings.calendar ?? defaults.calendar,
      timeZone: settings.timeZone || defaults.timeZone,
      digits: settings.digits ?? defaults.digits,
    };
  }, [locale, settings]);
}
