import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useMe } from '../../api/queries';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/PageLoader';
import { type Pipeline, salesKeys } from './api';
import { DealBoard } from './DealBoard';
import { DealDialog } from './DealDialog';
import { DealsList } from './DealsList';
import { Forecast } from './Forecast';

const VIEWS = ['board', 'list', 'forecast', 'performance'] as const;
type View = (typeof VIEWS)[number];

// Only those who oversee others open it, so it loads when opened.
const Performance = lazy(async () => ({ default: (await import('./Performance')).Performance }));

/**
 * Sales: the deals of one pipeline as a board (the default pipeline unless ?pipeline= names another), or
 * every deal as a list (?view=list), the forecast by month (?view=forecast), or — for roles that see a
 * team's or everyone's deals, as the server allows — team performance (?view=performance).
 */
export default function SalesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const oversees = (useMe().data?.role?.scope ?? 'own') !== 'own';
  const pipelines = useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: () => api.get<{ items: Pipeline[] }>('/api/v1/pipelines'),
  });
  if (pipelines.isError) return <ErrorState onRetry={() => void pipelines.refetch()} />;
  if (!pipelines.data) return <PageLoader />;
  const items = pipelines.data.items;
  const view: View =
    VIEWS.find((v) => v === params.get('view') && (v !== 'performance' || oversees)) ?? 'board';
  const chosen =
    items.find((p) => p.id === params.get('pipeline')) ?? items.find((p) => p.isDefault) ?? items[0];
  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, mb: 2 }}>
        <Typography variant="h1" sx={{ flex: 1 }}>
          {t('sales.title')}
        </Typography>
        {view === 'board' && items.length > 1 && chosen && (
          <TextField
            select
            size="small"
            label={t('sales.pipeline')}
            value={chosen.id}
            onChange={(e) => setParams({ pipeline: e.target.value }, { replace: true })}
            sx={{ minWidth: 200 }}
          >
            {items.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t('sales.form.new')}
        </Button>
      </Box>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={view}
        onChange={(_event, value: View | null) => {
          if (value) setParams(value === 'board' ? {} : { view: value });
        }}
        aria-label={t('customers.board.view')}
        color="primary"
        sx={{
          mb: 2,
          display: 'flex',
          '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' },
        }}
      >
        <ToggleButton value="board">{t('customers.board.board')}</ToggleButton>
        <ToggleButton value="list">{t('customers.board.list')}</ToggleButton>
        <ToggleButton value="forecast">{t('sales.forecast.title')}</ToggleButton>
        {oversees ? <ToggleButton value="performance">{t('sales.performance.title')}</ToggleButton> : null}
      </ToggleButtonGroup>
      {view === 'list' && <DealsList />}
      {view === 'forecast' && <Forecast />}
      {view === 'performance' && (
        <Suspense fallback={<PageLoader />}>
          <Performance />
        </Suspense>
      )}
      {view === 'board' && chosen && <DealBoard key={chosen.id} pipeline={chosen} />}
      {creating && (
        <DealDialog
          onClose={() => setCreating(false)}
          onSaved={(deal) => navigate(`/sales/deals/${deal.id}`)}
        />
      )}
    </Box>
  );
}
