import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { ModuleKey } from '../../app/modules';
import { MODULE_ICONS } from './moduleIcons';

/** Where a module card leads until the module exists: says so plainly, with no made-up data. */
export default function ComingSoonPage({ module }: { module: ModuleKey }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: { xs: 3, sm: 5 }, textAlign: 'center' }}>
      <Box aria-hidden="true" sx={{ color: 'primary.main', '& svg': { fontSize: 48 } }}>
        {MODULE_ICONS[module]}
      </Box>
      <Typography variant="h1" sx={{ my: 1 }}>
        {t(`modules.${module}.name`)}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t(`modules.${module}.description`)}
      </Typography>
      <Typography sx={{ mb: 3 }}>{t('modules.comingSoonLong')}</Typography>
      <Button component={RouterLink} to="/" variant="outlined">
        {t('modules.backHome')}
      </Button>
    </Paper>
  );
}
