import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/** Whether the browser has a network; queries wait (paused, not failed) while it has none. */
function useOnline(): boolean {
  return useSyncExternalStore(
    (notify) => onlineManager.subscribe(notify),
    () => onlineManager.isOnline(),
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  const online = useOnline();
  return (
    <Box role="status" sx={{ display: 'grid', placeItems: 'center', gap: 2, minHeight: '40vh', p: 4 }}>
      <CircularProgress aria-label={t('common.loading')} />
      {!online && <Typography color="text.secondary">{t('errors.offline')}</Typography>}
    </Box>
  );
}
