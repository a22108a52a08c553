import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';

/** A whole-page failure (the server could not be reached, a route crashed) with a way to try again. */
export function ErrorState({ onRetry }: { onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ maxWidth: 560, mx: 'auto', p: 3 }}>
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={onRetry ?? (() => window.location.reload())}>
            {t('common.retry')}
          </Button>
        }
      >
        {t('errors.loadFailed')}
      </Alert>
    </Box>
  );
}
