import Add from '@mui/icons-material/Add';
import FileDownload from '@mui/icons-material/FileDownloadOutlined';
import FileUpload from '@mui/icons-material/FileUploadOutlined';
import Search from '@mui/icons-material/Search';
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
import { DataGrid, type GridColDef, type GridSortModel } from '@mui/x-data-grid';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate, localizeDigits } from '../../ui/format';
import { useGridLocale, useKeysetPaging, usePageSizeOptions } from '../../ui/grid';
import { CleanDataMenu } from '../cleaning/CleanDataMenu';
import { ExportDialog } from '../imports/ExportDialog';
import { type CustomerRecord, ENTITIES, type Entity, PLURAL, titleOf, useCustomerPage } from './api';
import { CreateCustomerDialog } from './CreateCustomerDialog';
import { LeadBoard } from './LeadBoard';
import { PhaseBoard } from './PhaseBoard';

/** Grid columns the server can sort by, and the API's name for them (keyset paging follows the sort). */
const SORT_FIELDS: Record<string, string> = { title: 'name', createdAt: 'createdAt' };

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
 * Contacts, accounts and leads: one server-paged grid per type with search. Paging is keyset on the
 * server, so the grid keeps the cursor of every page it has visited to go back and forth.
 */
export default function CustomersPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const entity = (ENTITIES as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as Entity)
    : 'contact';
  // Each type can also be seen as a board (?view=board): leads by status, contacts and accounts by
  // relationship phase.
  const board = params.get('view') === 'board';
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const [creating, setCreating] = useState(false);
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const [exporting, setExporting] = useState(false);
  const localeText = useGridLocale();
  const pageSizeOptions = usePageSizeOptions();
  // At phone width the name and phone are what fit; the rest is on the record's page.
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));

  const first = sortModel[0];
  const sort = first
    ? `${first.sort === 'desc' ? '-' : ''}${SORT_FIELDS[first.field] ?? first.field}`
    : undefined;
  // A new type, search or sort starts again from the first page.
  const keyset = useKeysetPaging(`${entity}|${q}|${sort ?? ''}`);
  const page = useCustomerPage(entity, q, keyset.cursor, keyset.paging.pageSize, sort);
  const { rememberNext } = keyset;
  useEffect(() => {
    if (!page.isPlaceholderData) rememberNext(page.data?.nextCursor);
  }, [page.data, page.isPlaceholderData, rememberNext]);

  const columns = useMemo<GridColDef<CustomerRecord>[]>(() => {
    const digits = (value: string | null | undefined) => (value ? localizeDigits(value, prefs.digits) : '');
    const cols: GridColDef<CustomerRecord>[] = [
      {
        field: 'title',
        headerName: t(`customers.columns.${entity}Name`),
        flex: 1.4,
        minWidth: 160,
        valueGetter: (_value, row) => titleOf(row),
      },
      {
        field: 'phone',
        headerName: t('customers.columns.phone'),
        flex: 1,
        minWidth: 130,
        sortable: false,
        renderCell: ({ row }) => (
          <Box component="span" dir="ltr">
            {digits(row.phone)}
          </Box>
        ),
      },
      { field: 'email', headerName: t('customers.columns.email'), flex: 1.2, minWidth: 170, sortable: false },
    ];
    if (entity === 'lead')
      cols.push({
        field: 'status',
        headerName: t('customers.columns.status'),
        width: 120,
        sortable: false,
        valueFormatter: (value: string) => t(`customers.leadStatus.${value}`),
      });
    cols.push({
      field: 'createdAt',
      headerName: t('customers.columns.createdAt'),
      width: 150,
      valueFormatter: (value: string) => formatDate(new Date(value), prefs, { dateStyle: 'medium' }),
    });
    return cols;
  }, [entity, t, prefs]);

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
        <CleanDataMenu entity={entity} />
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t(`customers.new.${entity}`)}
        </Button>
      </Box>
      <Tabs
        value={entity}
        onChange={(_event, value: Entity) =>
          setParams(board ? { type: value, view: 'board' } : { type: value })
        }
        aria-label={t('customers.types')}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ mb: 2 }}
      >
        {ENTITIES.map((e) => (
          <Tab key={e} value={e} label={t(`customers.plural.${e}`)} />
        ))}
      </Tabs>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={board ? 'board' : 'list'}
        onChange={(_event, value: 'board' | 'list' | null) => {
          if (value) setParams(value === 'board' ? { type: entity, view: 'board' } : { type: entity });
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
      {board ? (
        entity === 'lead' ? (
          <LeadBoard />
        ) : (
          <PhaseBoard type={entity} />
        )
      ) : (
        <>
          <TextField
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder={t('customers.searchPlaceholder')}
            label={t('customers.search')}
            size="small"
            fullWidth
            sx={{ mb: 2, maxWidth: 480 }}
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
          {page.isError ? (
            <ErrorState onRetry={() => void page.refetch()} />
          ) : (
            <Paper variant="outlined" sx={{ height: { xs: 520, md: 640 } }}>
              <DataGrid
                rows={page.data?.items ?? []}
                columns={columns}
                loading={page.isFetching}
                paginationMode="server"
                sortingMode="server"
                sortModel={sortModel}
                onSortModelChange={setSortModel}
                rowCount={total}
                paginationModel={keyset.paging}
                onPaginationModelChange={keyset.setPaging}
                pageSizeOptions={pageSizeOptions}
                columnVisibilityModel={narrow ? { email: false, createdAt: false } : {}}
                disableColumnMenu
                disableRowSelectionOnClick
                onRowClick={({ row }) => {
                  navigate(`/customers/${PLURAL[entity]}/${row.id}`);
                }}
                localeText={localeText}
                sx={{
                  border: 0,
                  '& .MuiDataGrid-row': { cursor: 'pointer' },
                }}
                aria-label={t(`customers.plural.${entity}`)}
              />
            </Paper>
          )}
        </>
      )}
      <ExportDialog entity={entity} q={q} open={exporting} onClose={() => setExporting(false)} />
      <CreateCustomerDialog
        entity={entity}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(record) => {
          setCreating(false);
          navigate(`/customers/${PLURAL[entity]}/${record.id}`);
        }}
      />
    </Box>
  );
}
