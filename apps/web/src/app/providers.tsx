import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/500.css';
import '@fontsource/vazirmatn/700.css';
import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { onlineManager, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { prefixer } from 'stylis';
import rtlPlugin from 'stylis-plugin-rtl';
import { ApiError } from '../api/client';
import { meKey } from '../api/queries';
import { directionOf } from '../i18n/setup';
import { ColorModeProvider } from './prefs';
import { BRAND, buildTheme, type ColorMode } from './theme';

// Two style caches: the RTL one flips left/right in every generated rule.
const rtlCache = createCache({ key: 'muirtl', stylisPlugins: [prefixer, rtlPlugin] });
const ltrCache = createCache({ key: 'muiltr', stylisPlugins: [prefixer] });

// React Query assumes a network until an 'offline' event; an app opened offline (from the service
// worker's copy) gets none, so start from what the browser knows: its queries then wait for the network.
if (typeof navigator !== 'undefined' && !navigator.onLine) onlineManager.setOnline(false);

export const queryClient: QueryClient = new QueryClient({
  // A 401 on any read means the session is gone (expired, signed out elsewhere): forget the user so the
  // guarded routes send them to the login page. Writes are left alone: there 401 can mean a wrong password.
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== meKey[0]) {
        queryClient.setQueryData(meKey, null);
      }
    },
  }),
  defaultOptions: {
    // Client errors (401, 404…) are answers, not hiccups: only retry network and server failures.
    queries: {
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});

function Themed({ mode, children }: { mode: ColorMode; children: ReactNode }) {
  const { i18n } = useTranslation();
  const direction = directionOf(i18n.language);
  const theme = useMemo(() => buildTheme(direction, mode), [direction, mode]);
  useEffect(() => {
    // The browser's own bar (phones, installed app) follows the theme.
    document
      .querySelector('meta[name="theme-color"]')
      ?.setAttribute('content', mode === 'dark' ? '#121b1f' : BRAND);
  }, [mode]);
  return (
    <CacheProvider value={direction === 'rtl' ? rtlCache : ltrCache}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        {children}
      </ThemeProvider>
    </CacheProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ColorModeProvider>{(mode) => <Themed mode={mode}>{children}</Themed>}</ColorModeProvider>
    </QueryClientProvider>
  );
}
