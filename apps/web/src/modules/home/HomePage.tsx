import CalendarMonthOutlined from '@mui/icons-material/CalendarMonthOutlined';
import ChecklistOutlined from '@mui/icons-material/ChecklistOutlined';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useMe } from '../../api/queries';
import { BUILT_MODULES, MODULES } from '../../app/modules';
import { useFormatPrefs } from '../../app/prefs';
import { formatFullDate, isolate } from '../../ui/format';
import { MODULE_ICONS } from './moduleIcons';

const CARDS = {
  listStyle: 'none',
  p: 0,
  m: 0,
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', md: 'repeat(3, 1fr)' },
} as const;

/** One's own work, across modules: what is due when, and the list of tasks. */
const WORK = ['calendar', 'tasks'] as const;
const WORK_ICONS: Record<(typeof WORK)[number], ReactElement> = {
  calendar: <CalendarMonthOutlined />,
  tasks: <ChecklistOutlined />,
};

function LinkCard({
  to,
  icon,
  name,
  description,
  comingSoon = false,
}: {
  to: string;
  icon: ReactElement;
  name: string;
  description: string;
  comingSoon?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card component="li" variant="outlined">
      <CardActionArea component={RouterLink} to={to} sx={{ height: '100%' }}>
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
            {icon}
          </Box>
          <Box sx={{ minWidth: 0 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 0.5 }}>
              <Typography variant="h3" component="h3">
                {name}
              </Typography>
              {comingSoon && <Chip size="small" label={t('modules.comingSoon')} variant="outlined" />}
            </Box>
            <Typography variant="body2" color="text.secondary">
              {description}
            </Typography>
          </Box>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

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
        {t('home.work')}
      </Typography>
      <Box component="ul" sx={{ ...CARDS, mb: { xs: 3, sm: 4 } }}>
        {WORK.map((key) => (
          <LinkCard
            key={key}
            to={`/${key}`}
            icon={WORK_ICONS[key]}
            name={t(`home.${key}.name`)}
            description={t(`home.${key}.description`)}
          />
        ))}
      </Box>
      <Typography variant="h2" sx={{ mb: 2 }}>
        {t('home.modules')}
      </Typography>
      <Box component="ul" sx={CARDS}>
        {MODULES.map((key) => (
          <LinkCard
            key={key}
            to={`/${key}`}
            icon={MODULE_ICONS[key]}
            name={t(`modules.${key}.name`)}
            description={t(`modules.${key}.description`)}
            comingSoon={!BUILT_MODULES.includes(key)}
          />
        ))}
      </Box>
    </Box>
  );
}
