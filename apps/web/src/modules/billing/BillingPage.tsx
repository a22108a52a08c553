import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { useGridLocale, useKeysetPaging, useKnownTotal, usePageSizeOptions } from '../../ui/grid';
import { sortParamOf, useSortModel } from '../../ui/lists/url';
import { DOCUMENT_TYPES, type DocumentSummary, type Payment, PLURAL, useBillingPage } from './api';
import { DocumentForm } from './DocumentForm';
import { formatDay } from './format';
import { useMoney } from './useMoney';

const TABS = [...DOCUMENT_TYPES, 'payment'] as const;
type TabKey = (typeof TABS)[number];

/**
 * The billing documents — quotes, sales orders, invoices, credit notes — and payments, one server-paged
 * grid per tab searched by number and sorted on the server. A row opens its document.
 */
export default function BillingPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'quote';
  const [creating, setCreating] = useState<'quote' | 'invoice' | null>(null);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('billing.title')}
        </Typography>
        <Button component={RouterLink} to="/billing/aging">
          {t('billing.aging.title')}
        </Button>
        <Button variant="outlined" startIcon={<Add />} onClick={() => setCreating('quote')}>
          {t('billing.create.quote')}
        </Button>
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating('invoice')}>
          {t('billing.create.invoice')}
        </Button>
      </Box>
      <Tabs
        value={tab}
        onChange={(_event, value: TabKey) => setParams({ tab: value }, { replace: true })}
        variant="scrollable"
        allowScrollButtonsMobile
        aria-label={t('billing.title')}
      >
        {TABS.map((key) => (
          <Tab key={key} value={key} label={t(`billing.tabs.${key}`)} />
        ))}
      </Tabs>
      {tab === 'payment' ? <PaymentGrid key={tab} /> : <DocumentGrid key={tab} type={tab} />}
      {creating ? <DocumentForm type={creating} onClose={() => setCreating(null)} /> : null}
    </Box>
  );
}

/** Search, sort and keyset paging shared by the two grids, as on the products list. */
function useServerGrid<T>(plural: string) {
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<string | null>(null);
  const keyset = useKeysetPaging(`${q}|${sort}`);
  const page = useBillingPage<T>(plural, {
    q: q.trim(),
    sort,
    cursor: keyset.cursor,
    limit: keyset.paging.pageSize,
  });
  const total = useKnownTotal(`${q}|${sort}`, page.data?.total);
  const sortModel = useSortModel(sort);
  const { rememberNext } = keyset;
  useEffect(() => {
    if (!page.isPlaceholderData) rememberNext(page.data?.nextCursor);
  }, [page.data, page.isPlaceholderData, rememberNext]);
  return { q, setQ, sort, setSort, keyset, page, total, sortModel };
}

function GridFrame<T extends { id: string }>({
  grid,
  columns,
  label,
  onOpen,
}: {
  grid: ReturnType<typeof useServerGrid<T>>;
  columns: GridColDef<T>[];
  label: string;
  onOpen: (row: T) => void;
}) {
  const { t } = useTranslation();
  const localeText = useGridLocale();
  const pageSizeOptions = usePageSizeOptions();
  const { page, keyset, sort } = grid;
  return (
    <>
      <TextField
        size="small"
        type="search"
        label={t('billing.search')}
        value={grid.q}
        onChange={(event) => grid.setQ(event.target.value)}
      />
      {page.isError ? (
        <ErrorState onRetry={() => void page.refetch()} />
      ) : (
        <Paper variant="outlined">
          <DataGrid
            rows={page.data?.items ?? []}
            columns={columns}
            loading={page.isFetching}
            paginationMode="server"
            sortingMode="server"
            sortModel={grid.sortModel}
            onSortModelChange={(model) => grid.setSort(sortParamOf(model, sort, columns))}
            rowCount={grid.total}
            paginationModel={keyset.paging}
            onPaginationModelChange={keyset.setPaging}
            pageSizeOptions={pageSizeOptions}
            disableColumnMenu
            onRowClick={({ row }) => onOpen(row)}
            localeText={localeText}
            sx={{ border: 0, '& .MuiDataGrid-row': { cursor: 'pointer' } }}
            aria-label={label}
          />
        </Paper>
      )}
    </>
  );
}

function DocumentGrid({ type }: { type: (typeof DOCUMENT_TYPES)[number] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const grid = useServerGrid<DocumentSummary>(PLURAL[type]);
  const columns: GridColDef<DocumentSummary>[] = [
    {
      field: 'number',
      headerName: t('billing.number'),
      minWidth: 150,
      flex: 1,
      valueGetter: (_value, row) => row.number ?? t('billing.draft'),
    },
    { field: 'accountName', headerName: t('billing.account'), minWidth: 160, flex: 1.5, sortable: false },
    {
      field: 'status',
      headerName: t('billing.statusLabel'),
      minWidth: 110,
      valueGetter: (_value, row) => t(`billing.status.${row.status}`),
    },
    {
      field: 'issueDate',
      headerName: t('billing.issueDate'),
      minWidth: 120,
      valueGetter: (_value, row) => formatDay(row.issueDate, prefs),
    },
    {
      field: 'dueDate',
      headerName: t(type === 'quote' ? 'billing.validUntil' : 'billing.dueDate'),
      minWidth: 120,
      valueGetter: (_value, row) => formatDay(row.dueDate, prefs),
    },
    {
      field: 'total',
      headerName: t('billing.total'),
      minWidth: 150,
      flex: 1,
      valueGetter: (_value, row) => money(row.total, row.currency),
    },
  ];
  if (type === 'invoice')
    columns.push({
      field: 'balance',
      headerName: t('billing.balance'),
      minWidth: 150,
      flex: 1,
      sortable: false,
      valueGetter: (_value, row) => money(row.balance, row.currency),
    });
  return (
    <GridFrame
      grid={grid}
      columns={columns}
      label={t(`billing.tabs.${type}`)}
      onOpen={(row) => navigate(`/billing/${PLURAL[type]}/${row.id}`)}
    />
  );
}

function PaymentGrid() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const grid = useServerGrid<Payment>('payments');
  const columns: GridColDef<Payment>[] = [
    { field: 'invoiceNumber', headerName: t('billing.invoice'), minWidth: 150, flex: 1, sortable: false },
    {
      field: 'paidOn',
      headerName: t('billing.payment.paidOn'),
      minWidth: 120,
      valueGetter: (_value, row) => formatDay(row.paidOn, prefs),
    },
    {
      field: 'amount',
      headerName: t('billing.payment.amount'),
      minWidth: 150,
      flex: 1,
      valueGetter: (_value, row) => money(row.amount, row.currency),
    },
    {
      field: 'method',
      headerName: t('billing.payment.method'),
      minWidth: 120,
      valueGetter: (_value, row) => t(`billing.methods.${row.method}`),
    },
    {
      field: 'reference',
      headerName: t('billing.payment.reference'),
      minWidth: 140,
      flex: 1,
      sortable: false,
    },
  ];
  return (
    <GridFrame
      grid={grid}
      columns={columns}
      label={t('billing.tabs.payment')}
      onOpen={(row) => navigate(`/billing/invoices/${row.invoiceId}`)}
    />
  );
}
