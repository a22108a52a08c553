import AddComment from '@mui/icons-material/AddCommentOutlined';
import ArrowBack from '@mui/icons-material/ArrowBack';
import EditOutlined from '@mui/icons-material/EditOutlined';
import SwapHoriz from '@mui/icons-material/SwapHoriz';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate, formatNumber } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { AccountBalancePanel } from '../billing/BalancePanel';
import { AssessmentsPanel } from './AssessmentsPanel';
import { AttachmentsPanel } from './AttachmentsPanel';
import { useCustomer360, useRefreshCustomer } from './api';
import { EditCustomerDialog } from './EditCustomerDialog';
import { EpisodesPanel } from './EpisodesPanel';
import { HistoryPanel } from './HistoryPanel';
import { LogInteractionDialog } from './LogInteractionDialog';
import { PhaseDialog } from './PhaseDialog';
import { RecordFacts } from './RecordFacts';
import { RelatedPanel } from './RelatedPanel';
import { TasksPanel } from './TasksPanel';
import { Timeline } from './Timeline';

/**
 * Everything about one contact or account: facts, phase and signals, tasks, related records,
 * assessments, episodes, attachments, the timeline and the record's change history.
 */
export default function Customer360Page() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const params = useParams();
  const entity = params.type === 'accounts' ? 'account' : 'contact';
  const id = params.id ?? '';
  const view = useCustomer360(entity, id);
  const refresh = useRefreshCustomer(entity, id);
  const [logging, setLogging] = useState(false);
  const [changingPhase, setChangingPhase] = useState(false);
  const [editing, setEditing] = useState(false);

  if (view.isPending) return <PageLoader />;
  if (view.isError) return <ErrorState onRetry={() => void view.refetch()} />;
  const { subject, profile, relationship, signals } = view.data;
  const phaseLabel = relationship.phase
    ? t(`customers.phase.${relationship.phase}`) +
      (relationship.subStage ? ` · ${t(`customers.subStage.${relationship.subStage}`)}` : '')
    : t('customers.phase.none');
  const n = (value: number) => formatNumber(value, prefs);

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <IconButton component={RouterLink} to={`/customers?type=${entity}`} aria-label={t('customers.back')}>
          <ArrowBack sx={{ transform: prefs.locale === 'fa' ? 'scaleX(-1)' : undefined }} />
        </IconButton>
        <Typography variant="h1" sx={{ flex: '1 1 12rem', minWidth: 0 }} data-testid="customer-name">
          {subject.name}
        </Typography>
        <Chip
          label={phaseLabel}
          color={relationship.phase === 'dissolution' ? 'default' : 'primary'}
          variant="outlined"
          data-testid="phase"
        />
      </Box>
      <Box sx={{ display: 'flex', gap: 1, mb: 3, flexWrap: 'wrap' }}>
        <Button variant="contained" startIcon={<AddComment />} onClick={() => setLogging(true)}>
          {t('customers.log.action')}
        </Button>
        <Button variant="outlined" startIcon={<SwapHoriz />} onClick={() => setChangingPhase(true)}>
          {t('customers.phase.change')}
        </Button>
        <Button variant="outlined" startIcon={<EditOutlined />} onClick={() => setEditing(true)}>
          {t('customers.edit.action')}
        </Button>
      </Box>

      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) minmax(0, 2fr)' },
          alignItems: 'start',
        }}
      >
        <Box sx={{ display: 'grid', gap: 2 }}>
          <RecordFacts entity={entity} record={profile} />
          <Paper
            variant="outlined"
            sx={{ p: 2, display: 'grid', gap: 1 }}
            component="section"
            aria-labelledby="signals-title"
          >
            <Typography variant="h2" id="signals-title">
              {t('customers.signals.title')}
            </Typography>
            <Typography>
              {signals.lastTouchAt
                ? t('customers.signals.lastTouch', {
                    date: formatDate(new Date(signals.lastTouchAt), prefs, { dateStyle: 'medium' }),
                    days: n(signals.daysSinceLastTouch ?? 0),
                  })
                : t('customers.signals.noTouch')}
            </Typography>
            <Typography>
              {t('customers.signals.last90', {
                days: n(90),
                total: n(signals.last90Days.total),
                customer: n(signals.last90Days.customer),
                us: n(signals.last90Days.us),
              })}
            </Typography>
            <Typography>{t(`customers.signals.trend.${signals.trend}`)}</Typography>
            {signals.reciprocity !== null && (
              <Typography>
                {t('customers.signals.reciprocity', { percent: n(Math.round(signals.reciprocity * 100)) })}
              </Typography>
            )}
            {signals.suggestion && signals.suggestion.phase !== relationship.phase && (
              <Typography color="primary" data-testid="suggestion">
                {t('customers.signals.suggested', {
                  phase: t(`customers.phase.${signals.suggestion.phase}`),
                })}
              </Typography>
            )}
          </Paper>
          <TasksPanel entity={entity} id={id} tasks={view.data.openTasks} />
          <RelatedPanel entity={entity} profile={profile} />
          {entity === 'account' ? <AccountBalancePanel accountId={id} /> : null}
          <AssessmentsPanel entity={entity} id={id} />
          <EpisodesPanel entity={entity} id={id} />
          <AttachmentsPanel entity={entity} id={id} />
        </Box>
        <Box sx={{ display: 'grid', gap: 2 }}>
          <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="timeline-title">
            <Typography variant="h2" sx={{ mb: 1 }} id="timeline-title">
              {t('customers.timeline.title')}
            </Typography>
            <Timeline entity={entity} id={id} first={view.data.timeline} />
          </Paper>
          <HistoryPanel entity={entity} id={id} />
        </Box>
      </Box>

      <LogInteractionDialog
        entity={entity}
        id={id}
        open={logging}
        onClose={() => setLogging(false)}
        onLogged={() => {
          setLogging(false);
          void refresh();
        }}
      />
      <EditCustomerDialog
        entity={entity}
        id={id}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void refresh();
        }}
      />
      <PhaseDialog
        entity={entity}
        id={id}
        current={relationship}
        open={changingPhase}
        onClose={() => setChangingPhase(false)}
        onChanged={() => {
          setChangingPhase(false);
          void refresh();
        }}
      />
    </Box>
  );
}
