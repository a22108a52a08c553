import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';
import { useColorMode } from '../app/prefs';

/** Switches between فارسی and English (shown in the other language's own name). */
export function LanguageToggle({ onChange }: { onChange?: (locale: 'fa' | 'en') => void }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'fa' ? 'en' : 'fa';
  return (
    <Button
      color="inherit"
      size="small"
      lang={next}
      onClick={() => {
        void i18n.changeLanguage(next);
        onChange?.(next);
      }}
    >
      {t(`language.${next}`)}
    </Button>
  );
}

export function ThemeToggle() {
  const { t } = useTranslation();
  const { mode, setMode } = useColorMode();
  const label = mode === 'light' ? t('theme.toDark') : t('theme.toLight');
  return (
    <Tooltip title={label}>
      <IconButton
        color="inherit"
        aria-label={label}
        onClick={() => setMode(mode === 'light' ? 'dark' : 'light')}
      >
        {mode === 'light' ? <DarkModeOutlined /> : <LightModeOutlined />}
      </IconButton>
    </Tooltip>
  );
}
