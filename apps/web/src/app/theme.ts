import { enUS, faIR } from '@mui/material/locale';
import { createTheme, type Theme } from '@mui/material/styles';

export type ColorMode = 'light' | 'dark';

export const BRAND = '#0f766e';
const FONT = 'Vazirmatn, Tahoma, "Segoe UI", system-ui, sans-serif';

export function buildTheme(direction: 'rtl' | 'ltr', mode: ColorMode): Theme {
  const light = mode === 'light';
  return createTheme(
    {
      direction,
      palette: {
        mode,
        primary: { main: light ? BRAND : '#5eead4' },
        secondary: { main: light ? '#9a3412' : '#fdba74' },
        background: light
          ? { default: '#f6f7f9', paper: '#ffffff' }
          : { default: '#0b1215', paper: '#121b1f' },
      },
      shape: { borderRadius: 10 },
      typography: {
        fontFamily: FONT,
        button: { textTransform: 'none', fontWeight: 600 },
        h1: { fontSize: '1.75rem', fontWeight: 700 },
        h2: { fontSize: '1.35rem', fontWeight: 700 },
        h3: { fontSize: '1.1rem', fontWeight: 600 },
      },
      components: {
        MuiButton: { defaultProps: { disableElevation: true } },
        MuiTextField: { defaultProps: { fullWidth: true } },
        MuiAppBar: { defaultProps: { elevation: 0, color: 'default' } },
        MuiPaper: { defaultProps: { elevation: 0 }, styleOverrides: { root: { backgroundImage: 'none' } } },
      },
    },
    direction === 'rtl' ? faIR : enUS,
  );
}
