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
import type { GridColDef, GridRowSelectionModel } from '@mui/x-data-grid';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate } from '../../ui/format';
import { useKeysetPaging } from '../../ui/grid';
import { type ColumnLayout, useListColumns } from '../../ui/lists/ListColumns';
import { ListBody, ListTools, useListFilter, useListSearch } from '../../ui/lists/ListTools';
import { type ListName, serverFilterOf, useListFields } from '../../ui/lists/lists';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useListParams } from '../../ui/lists/url';
import { type Task, taskKeys, useChangeTask } from './api';
import { KIND_ICONS } from './CalendarItem';
import { type Due, DueChoiceField, dueAtOf } from './DueChoice';
import { TaskBulkActions } from './TaskBulkActions';
import { TaskDialog, taskSaveMessage } from './TaskDialog';

const WHOSE = ['me', 'team', 'all'] as const;
type Whose = (typeof WHOSE)[number];
const STATES = ['open', 'done'] as const;
type State = (typeof STATES)[number];
/** Still to do: open or started. */
const TO_DO = { field: 'status', op: 'in', value: ['open', 'in_progress'] };
const TASKS: ListName = { entity: 'task', plural: 'tasks' };
const DEFAULT_COLUMNS = ['title', 'kind', 'dueAt', 'status'];
const DEFAULT_SORT = 'dueAt';

const TASK_COLUMNS: ColumnLayout<Task> = {
  primary: 'title',
  valueOf: (row, name) => (row as unknown as Record<string, unknown>)[name],
};

interface TaskPage {
  items: Task[];
  nextCursor: string | null;
  total?: number;
}

/**
 * The list's query string: whose tasks, to do or done, only overdue ones (the quick filters), and the
 * filter built by the user and the search on top of them, the sort and the page.
 */
function listQuery(
  quick: { whose: Whose; state: State; overdue: boolean },
  filter: Record<string, unknown> | undefined,
  q: string,
  sort: string,
  limit: number,
  cursor: string | null,
) {
  const params = new URLSearchParams({ sort, limit: String(limit) });
  if (q) params.set('q', q);
  if (quick.whose !== 'all') params.set('assigned', quick.whose);
  if (quick.state === 'done') params.set('status', 'done');
  const conditions = [...(quick.state === 'open' ? [TO_DO] : []), ...(filter ? [filter] : [])];
  if (conditions.length) params.set('filter', JSON.stringify({ and: conditions }));
  if (quick.overdue && quick.state === 'open') params.set('overdue', 'true');
  // The count comes with the first page only (see useKnownTotal).
  if (cursor) params.set('cursor', cursor);
  else params.set('total', 'true');
  return params.toString();
}

const oneOf = <T extends string>(options: readonly T[], value: string | null, fallback: T): T =>
  options.includes(value as T) ? (value as T) : fallback;

/**
 * Every task you may see as a server-paged grid: yours, your team's or everyone's; to do or done; only the
 * overdue ones — and, like the customer lists, a filter built on the list's fields, a sort, chosen columns,
 * saved views and actions on the chosen rows. All of it is kept in the URL. Add one with a title and a
 * quick due choice, tick one off, or open it to edit or move it.
 */
export default function TasksPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));
  const { params, setListParams } = useListParams();
  const whose = oneOf(WHOSE, params.get('whose'), 'me');
  const state = oneOf(STATES, params.get('state'), 'open');
  const overdue = params.get('overdue') === 'true';
  const filterText = params.get('filter');
  const listFilter = useListFilter(params);
  const { filter } = listFilter;
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const columnsParam = params.get('columns');
  const chosenColumns = columnsParam ? columnsParam.split(',').filter(Boolean) : DEFAULT_COLUMNS;
  const fields = useListFields(TASKS);
  const listSearch = useListSearch({ params, setListParams });
  const { q } = listSearch;
  const listKey = `${whose}|${state}|${overdue}|${sort}|${filterText ?? ''}|${q}`;
  const keyset = useKeysetPaging(listKey);
  const query = listQuery(
    { whose, state, overdue },
    serverFilterOf(filter),
    q,
    sort,
    keyset.paging.pageSize,
    keyset.cursor,
  );
  const page = useQuery({
    queryKey: taskKeys.list(query),
    queryFn: () => api.get<TaskPage>(`/api/v1/tasks?${query}`),
    placeholderData: (previous) => previous,
  });
  const [selection, setSelection] = useState<GridRowSelectionModel>({ type: 'include', ids: new Set() });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list clears what was chosen in the old
  useEffect(() => setSelection({ type: 'include', ids: new Set() }), [listKey]);
  const selectedIds = [...selection.ids].map(String);
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

  const now = Date.now();
  /** Due date and time; overdue ones in red. */
  const dueText = (row: Task) => {
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
  };
  const chosen = useListColumns(fields.data ?? [], chosenColumns, TASK_COLUMNS).map(
    (column): GridColDef<Task> => {
      if (column.field === 'title')
        return {
          ...column,
          minWidth: narrow ? 130 : 160,
          renderCell: ({ row }) => (
            <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, minWidth: 0 }}>
              <Box
                component="span"
                aria-hidden="true"
                sx={{ display: 'inline-flex', color: 'text.secondary' }}
              >
                {KIND_ICONS[row.kind]}
              </Box>
              <Box component="span" dir="auto" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {row.title}
              </Box>
            </Box>
          ),
        };
      if (column.field === 'dueAt') return { ...column, renderCell: ({ row }) => dueText(row) };
      return column;
    },
  );
  const columns: GridColDef<Task>[] = [
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
    ...chosen,
  ];
  // At phone width: title and due date (rows are marked done through the chosen-rows bar).
  const columnVisibility = narrow
    ? Object.fromEntries(columns.map((c) => [c.field, c.field === 'title' || c.field === 'dueAt']))
    : {};

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
          onChange={(_event, next: Whose | null) =>
            next && setListParams({ whose: next === 'me' ? null : next })
          }
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
          onChange={(_event, next: State | null) =>
            next && setListParams({ state: next === 'open' ? null : next })
          }
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
              onChange={(_event, checked) => setListParams({ overdue: checked ? 'true' : null })}
            />
          }
          label={t('tasks.overdueOnly')}
        />
      </Box>
      <ListTools
        entity={TASKS.entity}
        fields={fields.data ?? []}
        fixedColumn="title"
        columns={chosenColumns}
        sort={sort}
        searchPlaceholder={t('tasks.searchPlaceholder')}
        search={listSearch}
        filter={listFilter}
        listParams={{ params, setListParams }}
      />
      <FormAlert message={taskSaveMessage(change.error, t)} />
      <ListBody query={page} setListParams={setListParams}>
        <TaskBulkActions ids={selectedIds} onDone={() => setSelection({ type: 'include', ids: new Set() })} />
        <Paper variant="outlined" sx={{ height: { xs: 520, md: 600 } }}>
          <ServerGrid
            page={page}
            keyset={keyset}
            listKey={listKey}
            columns={columns}
            sort={sort}
            busy={change.isPending || fields.isLoading}
            onSort={(next) => setListParams({ sort: next })}
            columnVisibilityModel={columnVisibility}
            checkboxSelection
            hideFooterSelectedRowCount
            rowSelectionModel={selection}
            onRowSelectionModelChange={setSelection}
            disableRowSelectionOnClick
            onRowClick={({ row }) => setOpen(row)}
            aria-label={t('tasks.title')}
          />
        </Paper>
      </ListBody>
      {open && <TaskDialog key={open.id} task={open} onClose={() => setOpen(null)} />}
    </Box>
  );
}
