import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

/** The two linked rings of the logo (the same drawing as public/icon.svg). */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <Box
      component="svg"
      viewBox="0 0 512 512"
      aria-hidden="true"
      sx={{ width: size, height: size, flexShrink: 0 }}
    >
      <rect width="512" height="512" rx="112" fill="#0f766e" />
      <g fill="none" stroke="#ffffff" strokeWidth="44" strokeLinecap="round">
        <circle cx="196" cy="256" r="92" />
        <circle cx="316" cy="256" r="92" />
      </g>
    </Box>
  );
}

export function Brand({ size = 32, variant = 'h3' }: { size?: number; variant?: 'h1' | 'h2' | 'h3' }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Logo size={size} />
      <Typography component="span" variant={variant} sx={{ fontWeight: 700, whiteSpace: 'nowrap' }}>
        {t('app.name')}
      </Typography>
    </Box>
  );
}
