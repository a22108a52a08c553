import AddComment from '@mui/icons-material/AddCommentOutlined';
import ArrowBack from '@mui/icons-material/ArrowBack';
import EditOutlined from '@mui/icons-material/EditOutlined';
import TransformOutlined from '@mui/icons-material/TransformOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { AttachmentsPanel } from './AttachmentsPanel';
import {
  type Customer360,
  type CustomerRecord,
  customerKeys,
  type ListPage,
  titleOf,
  useRefreshCustomer,
} from './api';
import { ConvertLeadDialog } from './ConvertLeadDialog';
import { EditCustomerDialog } from './EditCustomerDialog';
import { LogInteractionDialog } from './LogInteractionDialog';
import { RecordFacts } from './RecordFacts';
import { TasksPanel } from './TasksPanel';

/** The statuses a person sets by hand; `converted` comes only from converting the lead. */
const STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;

type Lead = CustomerRecord & {
  convertedContactId: string | null;
  convertedAccountId: string | null;
  convertedAt: string | null;
} & Record<string, unknown>;

interface Interaction {
  id: string;
  channel: string;
  direction: 'in' | 'out';
  subject: string | null;
  body: string;
  occurredAt: string;
}

/** Text of the sanitised HTML body, for a one-line summary. */
function plain(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '';
}

/** A lead's own page: its facts, status, touches, tasks and files, and the way to convert it. */
export default function LeadPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const id = useParams().id ?? '';
  const key = customerKeys.view('lead', id);
  const refresh = useRefreshCustomer('lead', id);
  const lead = useQuery({ queryKey: key, queryFn: () => api.get<Lead>(`/api/v1/leads/${id}`) });
  const tasks = useQuery({
    queryKey: [...key, 'tasks'],
    queryFn: () =>
      api.get<ListPage<Customer360['openTasks'][number]>>(`/api/v1/tasks?leadId=${id}&status=open&limit=50`),
  });
  const touches = useQuery({
    queryKey: [...key, 'interactions'],
    queryFn: () => api.get<ListPage<Interaction>>(`/api/v1/interactions?leadId=${id}&limit=50`),
  });
  const setStatus = useMutation({
    mutationFn: (status: string) =>
      api.patchVersion(`/api/v1/leads/${id}`, { status }, lead.data?.version ?? 0),
    onSettled: () => void refresh(),
  });
  const [logging, setLogging] = useState(false);
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);

  if (lead.isPending) return <PageLoader />;
  if (lead.isError) return <ErrorState onRetry={() => void lead.refetch()} />;
  const record = lead.data;
  const converted = record.status === 'converted';
  const when = (iso: string) => formatDate(new Date(iso), prefs, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <IconButton component={RouterLink} to="/customers?type=lead" aria-label={t('customers.back')}>
          <ArrowBack sx={{ transform: prefs.locale === 'fa' ? 'scaleX(-1)' : undefined }} />
        </IconButton>
        <Typography variant="h1" sx={{ flex: '1 1 12rem', minWidth: 0 }} data-testid="customer-name">
          {titleOf(record)}
        </Typography>
        <TextField
          select
          size="small"
          fullWidth={false}
          label={t('customers.fields.status')}
          value={record.status ?? 'new'}
          disabled={converted || setStatus.isPending}
          onChange={(event) => setStatus.mutate(event.target.value)}
          sx={{ minWidth: 150, flex: '0 0 auto' }}
        >
          {(converted ? ['converted'] : STATUSES).map((status) => (
            <MenuItem key={status} value={status}>
              {t(`customers.leadStatus.${status}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <FormAlert message={setStatus.error ? problemMessage(setStatus.error, t) : undefined} />
      {converted && (
        <Alert severity="success" sx={{ mb: 2 }}>
          {t('customers.lead.converted', { date: record.convertedAt ? when(record.convertedAt) : '' })}{' '}
          {record.convertedContactId && (
            <Link component={RouterLink} to={`/customers/contacts/${record.convertedContactId}`}>
              {t('customers.lead.openContact')}
            </Link>
          )}{' '}
          {record.convertedAccountId && (
            <Link component={RouterLink} to={`/customers/accounts/${record.convertedAccountId}`}>
              {t('customers.lead.openAccount')}
            </Link>
          )}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, mb: 3, flexWrap: 'wrap' }}>
        <Button variant="contained" startIcon={<AddComment />} onClick={() => setLogging(true)}>
          {t('customers.log.action')}
        </Button>
        {!converted && (
          <Button variant="outlined" startIcon={<TransformOutlined />} onClick={() => setConverting(true)}>
            {t('customers.convert.action')}
          </Button>
        )}
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
          <RecordFacts entity="lead" record={record} />
          <TasksPanel entity="lead" id={id} tasks={tasks.data?.items ?? []} />
          <AttachmentsPanel entity="lead" id={id} />
        </Box>
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="touches-title">
          <Typography variant="h2" sx={{ mb: 1 }} id="touches-title">
            {t('customers.lead.touches')}
          </Typography>
          {touches.isError ? (
            <ErrorState onRetry={() => void touches.refetch()} />
          ) : touches.data?.items.length === 0 ? (
            <Typography color="text.secondary">{t('customers.lead.noTouches')}</Typography>
          ) : (
            <List dense data-testid="lead-touches">
              {touches.data?.items.map((touch) => (
                <ListItem key={touch.id} disableGutters>
                  <ListItemText
                    primary={`${t(`customers.channel.${touch.channel}`)} · ${t(`customers.direction.${touch.direction}`)}${touch.subject ? ` — ${touch.subject}` : ''}`}
                    secondary={`${when(touch.occurredAt)}${plain(touch.body) ? ` — ${plain(touch.body)}` : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Paper>
      </Box>

      <LogInteractionDialog
        entity="lead"
        id={id}
        open={logging}
        onClose={() => setLogging(false)}
        onLogged={() => {
          setLogging(false);
          void refresh();
        }}
      />
      <EditCustomerDialog
        entity="lead"
        id={id}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void refresh();
        }}
      />
      {converting && <ConvertLeadDialog lead={record} onClose={() => setConverting(false)} />}
    </Box>
  );
}
