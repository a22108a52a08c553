import Add from '@mui/icons-material/Add';
import FileDownload from '@mui/icons-material/FileDownloadOutlined';
import FileUpload from '@mui/icons-material/FileUploadOutlined';
import Search from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import { useTheme } from '@mui/material/styles';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { DataGrid, type GridPaginationModel, type GridSortModel } from '@mui/x-data-grid';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatNumber } from '../../ui/format';
import { ExportDialog } from '../imports/ExportDialog';
import { ENTITIES, type Entity, PLURAL, useCustomerPage } from './api';
import { CreateCustomerDialog } from './CreateCustomerDialog';
import { FilterBar } from './FilterBuilder';
import { useGridLocale } from './gridLocale';
import { LeadBoard } from './LeadBoard';
import { ColumnsMenu, defaultColumns, useListColumns } from './ListColumns';
import {
  EMPTY_FILTER,
  type FilterModel,
  filterParam,
  parseFilterParam,
  type SavedView,
  serverFilterOf,
  useListFields,
} from './lists';
import { ViewsMenu } from './ViewsMenu';

const PAGE_SIZES = [25, 50, 100];

/** The grid's sort model for the API's sort ('-createdAt,name' → createdAt descending; the grid shows one). */
function sortModelOf(sort: string | null): GridSortModel {
  const first = sort?.split(',')[0]?.trim();
  if (!first) return [];
  return [{ field: first.replace(/^-/, ''), sort: first.startsWith('-') ? 'desc' : 'asc' }];
}

/** Waits until typing pauses, so the list is asked once per word rather than once per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Contacts, accounts and leads: one server-paged grid per type with search, a filter builder, saved
 * views and a column chooser. What the list shows — filter, sort, search, columns, the view in use —
 * is kept in the URL, so a link (or a reload) shows the same list. Paging is keyset on the server, so
 * the grid keeps the cursor of every page it has visited to go back and forth.
 */
export default function CustomersPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const entity = (ENTITIES as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as Entity)
    : 'contact';
  // Leads can also be seen as a board by status (?view=board).
  const board = entity === 'lead' && params.get('view') === 'board';
  const filterText = params.get('filter');
  const parsedFilter = parseFilterParam(filterText);
  const filter: FilterModel = parsedFilter ?? EMPTY_FILTER;
  const sort = params.get('sort');
  const columnsParam = params.get('columns');
  const chosenColumns = columnsParam ? columnsParam.split(',').filter(Boolean) : defaultColumns(entity);
  const savedViewId = params.get('savedView');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search, 250);
  const [paging, setPaging] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const localeText = useGridLocale();
  const fields = useListFields(entity);
  // At phone width the name and the next chosen column are what fit; the rest is on the record's page.
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));

  /** Changes some of the list's URL parameters (null removes one), keeping the others. */
  const setListParams = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  // The search settles into the URL once typing pauses (only then: a view applied meanwhile sets both).
  // biome-ignore lint/correctness/useExhaustiveDependencies: written when the settled search changes
  useEffect(() => {
    setListParams({ q: q.trim() || null });
  }, [q]);

  // A new type, search, filter, sort or page size starts again from the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reset is what these changes mean
  useEffect(() => {
    setPaging((p) => ({ ...p, page: 0 }));
    setCursors([null]);
  }, [entity, q, paging.pageSize, sort, filterText]);

  const page = useCustomerPage(
    entity,
    q,
    cursors[paging.page] ?? null,
    paging.pageSize,
    sort ?? undefined,
    filterParam(filter),
  );
  const nextCursor = page.data?.nextCursor ?? null;
  useEffect(() => {
    if (nextCursor && cursors.length === paging.page + 1) setCursors((c) => [...c, nextCursor]);
  }, [nextCursor, cursors.length, paging.page]);

  const columns = useListColumns(fields.data ?? [], chosenColumns);
  const visibleOnPhone = new Set(columns.slice(0, 2).map((c) => c.field));
  const columnVisibility = narrow
    ? Object.fromEntries(columns.map((c) => [c.field, visibleOnPhone.has(c.field)]))
    : {};

  const applyView = (view: SavedView) => {
    setSearch(view.q ?? '');
    setListParams({
      filter: view.filter ? JSON.stringify(view.filter) : null,
      sort: view.sort,
      q: view.q,
      columns: view.columns.length ? view.columns.join(',') : null,
      savedView: view.id,
    });
  };
  // The list refused the filter or sort (a custom field deleted since a view was saved, an edited link).
  const refused = isApiError(page.error, 422);

  const total = page.data?.total ?? 0;
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flex: 1 }}>
          {t('modules.customers.name')}
        </Typography>
        <Button startIcon={<FileUpload />} component={RouterLink} to={`/customers/import?type=${entity}`}>
          {t('imports.action')}
        </Button>
        <Button startIcon={<FileDownload />} onClick={() => setExporting(true)}>
          {t('imports.exportAction')}
        </Button>
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t(`customers.new.${entity}`)}
        </Button>
      </Box>
      <Tabs
        value={entity}
        onChange={(_event, value: Entity) => {
          setSearch('');
          setParams({ type: value });
        }}
        aria-label={t('customers.types')}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ mb: 2 }}
      >
        {ENTITIES.map((e) => (
          <Tab key={e} value={e} label={t(`customers.plural.${e}`)} />
        ))}
      </Tabs>
      {entity === 'lead' && (
        <ToggleButtonGroup
          exclusive
          size="small"
          value={board ? 'board' : 'list'}
          onChange={(_event, value: 'board' | 'list' | null) => {
            if (value) setParams(value === 'board' ? { type: 'lead', view: 'board' } : { type: 'lead' });
          }}
          aria-label={t('customers.board.view')}
          color="primary"
          sx={{
            mb: 2,
            display: 'flex',
            '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' },
          }}
        >
          <ToggleButton value="list">{t('customers.board.list')}</ToggleButton>
          <ToggleButton value="board">{t('customers.board.board')}</ToggleButton>
        </ToggleButtonGroup>
      )}
      {board ? (
        <LeadBoard />
      ) : (
        <>
          <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder={t('customers.searchPlaceholder')}
              label={t('customers.search')}
              size="small"
              sx={{ flex: '1 1 260px', maxWidth: 480 }}
              slotProps={{
                input: {
                  startAdornment: (
                    <InputAdornment position="start">
                      <Search />
                    </InputAdornment>
                  ),
                },
              }}
            />
            <ViewsMenu
              entity={entity}
              activeId={savedViewId}
              state={{
                filter: serverFilterOf(filter) ?? null,
                sort,
                q: q.trim() || null,
                columns: chosenColumns,
              }}
              onApply={applyView}
              onDeleted={() => setListParams({ savedView: null })}
            />
            <ColumnsMenu
              fields={fields.data ?? []}
              chosen={chosenColumns}
              onChange={(next) => setListParams({ columns: next.join(',') })}
            />
          </Box>
          <Box sx={{ mb: 2 }}>
            <FilterBar
              fields={fields.data ?? []}
              model={filter}
              onChange={(next) => setListParams({ filter: filterParam(next) })}
            />
          </Box>
          {parsedFilter === null && (
            <Alert severity="warning" sx={{ mb: 2 }}>
              {t('lists.filter.unreadable')}
            </Alert>
          )}
          {refused ? (
            <Alert
              severity="warning"
              sx={{ mb: 2 }}
              action={
                <Button color="inherit" onClick={() => setListParams({ filter: null, sort: null })}>
                  {t('lists.filter.clear')}
                </Button>
              }
            >
              {t('lists.filter.refused')}
            </Alert>
          ) : page.isError ? (
            <ErrorState onRetry={() => void page.refetch()} />
          ) : (
            <Paper variant="outlined" sx={{ height: { xs: 520, md: 640 } }}>
              <DataGrid
                rows={page.data?.items ?? []}
                columns={columns}
                loading={page.isFetching || fields.isLoading}
                paginationMode="server"
                sortingMode="server"
                sortModel={sortModelOf(sort)}
                onSortModelChange={(model) => {
                  const first = model[0];
                  setListParams({ sort: first ? `${first.sort === 'desc' ? '-' : ''}${first.field}` : null });
                }}
                rowCount={total}
                paginationModel={paging}
                onPaginationModelChange={setPaging}
                pageSizeOptions={PAGE_SIZES.map((value) => ({ value, label: formatNumber(value, prefs) }))}
                columnVisibilityModel={columnVisibility}
                disableColumnMenu
                disableRowSelectionOnClick
                onRowClick={({ row }) => {
                  if (entity !== 'lead') navigate(`/customers/${PLURAL[entity]}/${row.id}`);
                }}
                localeText={{
                  ...localeText,
                  paginationDisplayedRows: ({ from, to, count }) =>
                    t('customers.grid.rows', {
                      from: formatNumber(from, prefs),
                      to: formatNumber(to, prefs),
                      count: formatNumber(count, prefs),
                    }),
                }}
                sx={{
                  border: 0,
                  '& .MuiDataGrid-row': { cursor: entity === 'lead' ? 'default' : 'pointer' },
                }}
                aria-label={t(`customers.plural.${entity}`)}
              />
            </Paper>
          )}
        </>
      )}
      <ExportDialog
        entity={entity}
        q={q}
        filter={serverFilterOf(filter)}
        open={exporting}
        onClose={() => setExporting(false)}
      />
      <CreateCustomerDialog
        entity={entity}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(record) => {
          setCreating(false);
          if (entity !== 'lead') navigate(`/customers/${PLURAL[entity]}/${record.id}`);
        }}
      />
    </Box>
  );
}
