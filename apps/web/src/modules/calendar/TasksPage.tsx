import CalendarMonthOutlined from '@mui/icons-material/CalendarMonthOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { DataGrid, type GridColDef, type GridSortModel } from '@mui/x-data-grid';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate } from '../../ui/format';
import { useGridLocale, useKeysetPaging, usePageSizeOptions } from '../../ui/grid';
import { type Task, taskKeys, useChangeTask } from './api';
import { KIND_ICONS } from './CalendarItem';
import { type Due, DueChoiceField, dueAtOf } from './DueChoice';
import { TaskDialog, taskSaveMessage } from './TaskDialog';

const WHOSE = ['me', 'team', 'all'] as const;
type Whose = (typeof WHOSE)[number];
const STATES = ['open', 'done'] as const;
type State = (typeof STATES)[number];
/** Still to do: open or started. */
const TO_DO = { field: 'status', op: 'in', value: ['open', 'in_progress'] };

interface TaskPage {
  items: Task[];
  nextCursor: string | null;
  total?: number;
}

/** The list's query string: whose tasks, to do or done, only overdue ones, the sort and the page. */
function listQuery(
  whose: Whose,
  state: State,
  overdue: boolean,
  sort: string,
  limit: number,
  cursor: string | null,
) {
  const params = new URLSearchParams({ sort, limit: String(limit), total: 'true' });
  if (whose !== 'all') params.set('assigned', whose);
  if (state === 'done') params.set('status', 'done');
  else params.set('filter', JSON.stringify(TO_DO));
  if (overdue && state === 'open') params.set('overdue', 'true');
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/**
 * Every task you may see as a server-paged grid: yours, your team's or everyone's; to do or done; only the
 * overdue ones; sorted by due date either way. Add one with a title and a quick due choice, tick one off,
 * or open it to edit or move it.
 */
export default function TasksPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));
  const [whose, setWhose] = useState<Whose>('me');
  const [state, setState] = useState<State>('open');
  const [overdue, setOverdue] = useState(false);
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: 'dueAt', sort: 'asc' }]);
  const first = sortModel[0];
  const sort = first ? `${first.sort === 'desc' ? '-' : ''}${first.field}` : 'dueAt';
  const keyset = useKeysetPaging(`${whose}|${state}|${overdue}|${sort}`);
  const query = listQuery(whose, state, overdue, sort, keyset.paging.pageSize, keyset.cursor);
  const page = useQuery({
    queryKey: taskKeys.list(query),
    queryFn: () => api.get<TaskPage>(`/api/v1/tasks?${query}`),
    placeholderData: (previous) => previous,
  });
  const { rememberNext } = keyset;
  useEffect(() => {
    if (!page.isPlaceholderData) rememberNext(page.data?.nextCursor);
  }, [page.data, page.isPlaceholderData, rememberNext]);
  const localeText = useGridLocale();
  const pageSizeOptions = usePageSizeOptions();
  const change = useChangeTask();
  const [open, setOpen] = useState<Task | null>(null);

  const [title, setTitle] = useState('');
  const [due, setDue] = useState<Due>('today');
  const [missingTitle, setMissingTitle] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      api.post<Task>('/api/v1/tasks', { title: title.trim(), dueAt: dueAtOf(due, prefs.timeZone) }),
    onSuccess: () => {
      setTitle('');
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingTitle(!title.trim());
    if (title.trim()) add.mutate();
  };
  const titleError = missingTitle ? t('errors.field.required') : serverFieldError(add.error, 'title', t);

  const columns = useMemo<GridColDef<Task>[]>(() => {
    const now = Date.now();
    return [
      {
        field: 'done',
        headerName: t('tasks.columns.done'),
        width: 64,
        sortable: false,
        renderCell: ({ row }) => (
          <Checkbox
            checked={row.status === 'done'}
            onClick={(event) => event.stopPropagation()}
            onChange={(_event, checked) =>
              change.mutate({ task: row, change: { status: checked ? 'done' : 'open' } })
            }
            slotProps={{ input: { 'aria-label': t('tasks.markDone', { title: row.title }) } }}
          />
        ),
      },
      {
        field: 'title',
        headerName: t('tasks.columns.title'),
        flex: 1.6,
        minWidth: narrow ? 130 : 160,
        renderCell: ({ row }) => (
          <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, minWidth: 0 }}>
            <Box component="span" aria-hidden="true" sx={{ display: 'inline-flex', color: 'text.secondary' }}>
              {KIND_ICONS[row.kind]}
            </Box>
            <Box component="span" dir="auto" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {row.title}
            </Box>
          </Box>
        ),
      },
      {
        field: 'kind',
        headerName: t('tasks.columns.kind'),
        width: 110,
        sortable: false,
        valueFormatter: (value: Task['kind']) => t(`calendar.kind.${value}`),
      },
      {
        field: 'dueAt',
        headerName: t('tasks.columns.dueAt'),
        flex: 1,
        minWidth: narrow ? 120 : 150,
        renderCell: ({ row }) => {
          if (!row.dueAt) return t('calendar.task.undated');
          const late = row.status !== 'done' && row.status !== 'cancelled' && Date.parse(row.dueAt) < now;
          // At phone width the short date leaves room for the title; Persian joins date and time with «،».
          const due = new Date(row.dueAt);
          const text = t('tasks.dueAt', {
            date: formatDate(due, prefs, { dateStyle: narrow ? 'short' : 'medium' }),
            time: formatDate(due, prefs, { timeStyle: 'short' }),
          });
          return late ? (
            <Box component="span" sx={{ color: 'error.main', fontWeight: 600 }}>
              {t('tasks.overdueAt', { date: text })}
            </Box>
          ) : (
            text
          );
        },
      },
      {
        field: 'status',
        headerName: t('tasks.columns.status'),
        width: 120,
        sortable: false,
        valueFormatter: (value: Task['status']) => t(`tasks.status.${value}`),
      },
    ];
  }, [t, prefs, change, narrow]);

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flex: 1 }}>
          {t('tasks.title')}
        </Typography>
        <Button startIcon={<CalendarMonthOutlined />} component={RouterLink} to="/calendar">
          {t('calendar.title')}
        </Button>
      </Box>
      <Paper variant="outlined" component="form" onSubmit={submit} noValidate sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <TextField
            size="small"
            label={t('tasks.new')}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={Boolean(titleError)}
            helperText={titleError}
            sx={{ flex: '3 1 200px' }}
          />
          <DueChoiceField value={due} onChange={setDue} />
          <Button type="submit" variant="contained" loading={add.isPending}>
            {t('tasks.add')}
          </Button>
        </Box>
        <FormAlert message={add.error && !titleError ? taskSaveMessage(add.error, t) : undefined} />
      </Paper>
      <Box sx={{ display: 'flex', gap: { xs: 1, sm: 2 }, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          color="primary"
          value={whose}
          onChange={(_event, next: Whose | null) => next && setWhose(next)}
          aria-label={t('tasks.whose.label')}
          sx={{ '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' } }}
        >
          {WHOSE.map((option) => (
            <ToggleButton key={option} value={option}>
              {t(`tasks.whose.${option}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <ToggleButtonGroup
          exclusive
          size="small"
          color="primary"
          value={state}
          onChange={(_event, next: State | null) => next && setState(next)}
          aria-label={t('tasks.state.label')}
          sx={{ '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' } }}
        >
          {STATES.map((option) => (
            <ToggleButton key={option} value={option}>
              {t(`tasks.state.${option}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <FormControlLabel
          control={
            <Switch
              checked={overdue}
              disabled={state === 'done'}
              onChange={(_event, checked) => setOverdue(checked)}
            />
          }
          label={t('tasks.overdueOnly')}
        />
      </Box>
      <FormAlert message={taskSaveMessage(change.error, t)} />
      {page.isError ? (
        <ErrorState onRetry={() => void page.refetch()} />
      ) : (
        <Paper variant="outlined" sx={{ height: { xs: 520, md: 600 } }}>
          <DataGrid
            rows={page.data?.items ?? []}
            columns={columns}
            loading={page.isFetching || change.isPending}
            paginationMode="server"
            sortingMode="server"
            sortModel={sortModel}
            onSortModelChange={setSortModel}
            rowCount={page.data?.total ?? 0}
            paginationModel={keyset.paging}
            onPaginationModelChange={keyset.setPaging}
            pageSizeOptions={pageSizeOptions}
            columnVisibilityModel={narrow ? { kind: false, status: false } : {}}
            disableColumnMenu
            disableRowSelectionOnClick
            onRowClick={({ row }) => setOpen(row)}
            localeText={localeText}
            sx={{ border: 0, '& .MuiDataGrid-row': { cursor: 'pointer' } }}
            aria-label={t('tasks.title')}
          />
        </Paper>
      )}
      {open && <TaskDialog key={open.id} task={open} onClose={() => setOpen(null)} />}
    </Box>
  );
}
