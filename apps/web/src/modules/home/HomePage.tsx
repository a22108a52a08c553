import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useMe } from '../../api/queries';
import { BUILT_MODULES, MODULES } from '../../app/modules';
import { useFormatPrefs } from '../../app/prefs';
import { formatFullDate, isolate } from '../../ui/format';
import { MODULE_ICONS } from './moduleIcons';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const prefs = useFormatPrefs();
  if (!me) return null;
  const today = formatFullDate(new Date(), prefs);
  return (
    <Box>
      <Box component="section" sx={{ mb: { xs: 3, sm: 4 } }}>
        <Typography variant="h1" sx={{ mb: 1 }}>
          {t('home.welcome', { name: isolate(me.user.name) })}
        </Typography>
        {me.tenant && (
          <Typography color="text.secondary">
            {t('home.organization', { name: isolate(me.tenant.name) })}
          </Typography>
        )}
        <Typography color="text.secondary" data-testid="today">
          {t('home.today', { date: today })}
        </Typography>
      </Box>
      <Typography variant="h2" sx={{ mb: 2 }}>
        {t('home.modules')}
      </Typography>
      <Box
        component="ul"
        sx={{
          listStyle: 'none',
          p: 0,
          m: 0,
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', md: 'repeat(3, 1fr)' },
        }}
      >
        {MODULES.map((key) => (
          <Card component="li" key={key} variant="outlined">
            <CardActionArea component={RouterLink} to={`/${key}`} sx={{ height: '100%' }}>
              <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
                <Box
                  aria-hidden="true"
                  sx={{
                    display: 'grid',
                    placeItems: 'center',
                    width: 44,
                    height: 44,
                    borderRadius: 2,
                    flexShrink: 0,
                    bgcolor: 'action.hover',
                    color: 'primary.main',
                  }}
                >
                  {MODULE_ICONS[key]}
                </Box>
                <Box sx={{ minWidth: 0 }}>
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 0.5 }}>
                    <Typography variant="h3" component="h3">
                      {t(`modules.${key}.name`)}
                    </Typography>
                    {!BUILT_MODULES.includes(key) && (
                      <Chip size="small" label={t('modules.comingSoon')} variant="outlined" />
                    )}
                  </Box>
                  <Typography variant="body2" color="text.secondary">
                    {t(`modules.${key}.description`)}
                  </Typography>
                </Box>
              </CardContent>
            </CardActionArea>
          </Card>
        ))}
      </Box>
    </Box>
  );
}
