import ArrowBack from '@mui/icons-material/ArrowBack';
import DeleteOutline from '@mui/icons-material/DeleteOutlineOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import RequestQuoteOutlined from '@mui/icons-material/RequestQuoteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, isolate } from '../../ui/format';
import { useLastChangeNote } from '../../ui/lastChange';
import { PageLoader } from '../../ui/PageLoader';
import { useMembers } from '../admin/api';
import { LinesTable } from '../billing/LinesTable';
import { useCustomFacts } from '../customers/RecordFacts';
import { staleAwareMessage } from '../customers/staleErrors';
import { type Deal, formatAmount, type Pipeline, type StageVisit, salesKeys } from './api';
import { DealDialog } from './DealDialog';
import { LostDialog } from './LostDialog';

// The billing form and document list load with the deal page only when used.
const DocumentForm = lazy(() => import('../billing/DocumentForm').then((m) => ({ default: m.DocumentForm })));
const DocumentLinks = lazy(() =>
  import('../billing/DocumentLinks').then((m) => ({ default: m.DocumentLinks })),
);

/** One labelled fact of the deal's header. */
function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography>{value || '—'}</Typography>
    </Box>
  );
}

/**
 * A deal's own page: amount, stage, owner, expected close and its custom fields; its products (lines);
 * where it has been (stage history); its contacts; and closing it as won or lost, or moving it to the
 * recycle bin.
 */
export default function DealPage() {
  const { t } = useTranslation();
  const lastChangeNote = useLastChangeNote();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = useParams().id ?? '';
  const deal = useQuery({
    queryKey: salesKeys.deal(id),
    queryFn: () => api.get<Deal>(`/api/v1/deals/${id}`),
  });
  const history = useQuery({
    queryKey: [...salesKeys.deal(id), 'history'],
    queryFn: () => api.get<{ items: StageVisit[] }>(`/api/v1/deals/${id}/history`),
  });
  const pipeline = useQuery({
    queryKey: [...salesKeys.pipelines, deal.data?.pipelineId],
    queryFn: () => api.get<Pipeline>(`/api/v1/pipelines/${deal.data?.pipelineId}`),
    enabled: !!deal.data,
  });
  const members = useMembers().data ?? [];
  // After a change the deal, its history and the board and list all show something else.
  const refresh = () => queryClient.invalidateQueries({ queryKey: salesKeys.all });
  const win = useMutation({
    mutationFn: (stageId: string) =>
      api.patchVersion(`/api/v1/deals/${id}`, { stageId }, deal.data?.version ?? 0),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.deleteVersion(`/api/v1/deals/${id}`, deal.data?.version ?? 0),
    onSuccess: () => {
      void refresh();
      navigate('/sales?view=list');
    },
  });
  const [losing, setLosing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const customFacts = useCustomFacts('deal', deal.data?.custom ?? {});
  const [quoting, setQuoting] = useState(false);

  if (deal.isPending) return <PageLoader />;
  if (deal.isError) return <ErrorState onRetry={() => void deal.refetch()} />;
  const record = deal.data;
  const stages = pipeline.data?.stages ?? [];
  const wonStage = stages.find((s) => s.kind === 'won');
  const lostStage = stages.find((s) => s.kind === 'lost');
  const memberName = (memberId: string | null) => members.find((m) => m.id === memberId)?.name ?? '';
  const when = (iso: string) => formatDate(new Date(iso), prefs, { dateStyle: 'medium', timeStyle: 'short' });
  const closeDate = record.expectedCloseDate
    ? formatDate(
        new Date(`${record.expectedCloseDate}T12:00:00Z`),
        { ...prefs, timeZone: 'UTC' },
        { dateStyle: 'medium' },
      )
    : '';

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <IconButton component={RouterLink} to="/sales?view=list" aria-label={t('sales.deal.back')}>
          <ArrowBack sx={{ transform: prefs.locale === 'fa' ? 'scaleX(-1)' : undefined }} />
        </IconButton>
        <Typography variant="h1" sx={{ flex: '1 1 12rem', minWidth: 0, overflowWrap: 'anywhere' }}>
          {record.title}
        </Typography>
        <Chip
          label={t(`lists.values.status.${record.status}`)}
          color={record.status === 'won' ? 'success' : record.status === 'lost' ? 'error' : 'default'}
          data-testid="deal-status"
        />
      </Box>
      <FormAlert message={staleAwareMessage(win.error, t, t('sales.deal.conflict'), lastChangeNote)} />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="deal-facts">
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fit, minmax(8rem, 1fr))' }}>
          <Fact
            label={t('lists.fields.amount')}
            value={isolate(formatAmount(record.amount, record.currency, prefs))}
          />
          <Fact label={t('sales.deal.stage')} value={record.stageName} />
          <Fact label={t('sales.deal.owner')} value={memberName(record.ownerId)} />
          <Fact label={t('lists.fields.expectedCloseDate')} value={closeDate} />
          <Fact
            label={t('sales.deal.account')}
            value={
              record.accountId && (
                <Link component={RouterLink} to={`/customers/accounts/${record.accountId}`}>
                  {record.accountName}
                </Link>
              )
            }
          />
          <Fact label={t('lists.fields.source')} value={record.source ?? ''} />
          {customFacts}
        </Box>
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }} component="section" aria-labelledby="deal-lines-title">
        <Typography variant="h2" sx={{ mb: 1 }} id="deal-lines-title">
          {t('sales.deal.lines')}
        </Typography>
        {record.lines.length ? (
          <LinesTable
            lines={record.lines}
            currency={record.currency}
            format={(amount, currency) => formatAmount(amount, currency, prefs)}
          />
        ) : (
          <Typography color="text.secondary">{t('sales.deal.noLines')}</Typography>
        )}
      </Paper>
      <Box sx={{ display: 'flex', gap: 1, mb: 3, flexWrap: 'wrap' }}>
        {record.status !== 'won' && wonStage && (
          <Button
            variant="contained"
            color="success"
            loading={win.isPending}
            onClick={() => win.mutate(wonStage.id)}
          >
            {t('sales.deal.markWon')}
          </Button>
        )}
        {record.status !== 'lost' && lostStage && (
          <Button variant="outlined" onClick={() => setLosing(true)}>
            {t('sales.lost.confirm')}
          </Button>
        )}
        {record.accountId && record.status !== 'lost' && (
          <Button variant="outlined" startIcon={<RequestQuoteOutlined />} onClick={() => setQuoting(true)}>
            {t('sales.deal.makeQuote')}
          </Button>
        )}
        <Button variant="outlined" startIcon={<EditOutlined />} onClick={() => setEditing(true)}>
          {t('sales.form.edit')}
        </Button>
        <Button color="error" startIcon={<DeleteOutline />} onClick={() => setDeleting(true)}>
          {t('sales.deal.delete')}
        </Button>
      </Box>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) minmax(0, 1fr)' },
          alignItems: 'start',
        }}
      >
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="deal-history-title">
          <Typography variant="h2" sx={{ mb: 1 }} id="deal-history-title">
            {t('sales.deal.history')}
          </Typography>
          {history.isError ? (
            <ErrorState onRetry={() => void history.refetch()} />
          ) : (
            <List dense data-testid="deal-history">
              {history.data?.items.map((visit) => (
                <ListItem key={visit.enteredAt} disableGutters>
                  <ListItemText
                    primary={visit.stageName}
                    secondary={[
                      t('sales.deal.entered', { date: when(visit.enteredAt) }),
                      visit.leftAt
                        ? t('sales.deal.left', { date: when(visit.leftAt) })
                        : t('sales.deal.current'),
                      visit.movedBy
                        ? t('sales.deal.movedBy', { name: isolate(memberName(visit.movedBy)) })
                        : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="deal-contacts-title">
          <Typography variant="h2" sx={{ mb: 1 }} id="deal-contacts-title">
            {t('sales.deal.contacts')}
          </Typography>
          {record.contacts.length === 0 ? (
            <Typography color="text.secondary">{t('sales.deal.noContacts')}</Typography>
          ) : (
            <List dense>
              {record.contacts.map((contact) => (
                <ListItem key={contact.contactId} disableGutters>
                  <ListItemText
                    primary={
                      <Link component={RouterLink} to={`/customers/contacts/${contact.contactId}`}>
                        {contact.name}
                      </Link>
                    }
                    secondary={t(`sales.role.${contact.role}`)}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Paper>
      </Box>
      <Paper
        variant="outlined"
        sx={{ p: 2, mt: 2 }}
        component="section"
        aria-labelledby="deal-documents-title"
      >
        <Typography variant="h2" sx={{ mb: 1 }} id="deal-documents-title">
          {t('sales.deal.documents')}
        </Typography>
        <Suspense fallback={null}>
          <DocumentLinks
            field="dealId"
            id={record.id}
            types={['quote', 'sales_order', 'invoice']}
            emptyText={t('sales.deal.noDocuments')}
          />
        </Suspense>
      </Paper>
      {quoting && (
        <Suspense fallback={null}>
          <DocumentForm
            type="quote"
            source={{ kind: 'deal', deal: record }}
            onClose={() => setQuoting(false)}
          />
        </Suspense>
      )}
      {losing && lostStage && (
        <LostDialog
          deal={record}
          stage={lostStage}
          onClose={() => setLosing(false)}
          onDone={() => {
            setLosing(false);
            void refresh();
          }}
        />
      )}
      {editing && (
        <DealDialog deal={record} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
      <ConfirmDialog
        open={deleting}
        title={t('sales.deal.deleteTitle')}
        message={t('sales.deal.deleteMessage', { name: isolate(record.title) })}
        confirm={t('sales.deal.delete')}
        action={remove}
        onClose={() => setDeleting(false)}
      />
    </Box>
  );
}
