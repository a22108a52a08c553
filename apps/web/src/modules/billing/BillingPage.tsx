import Add from '@mui/icons-material/Add';
import Download from '@mui/icons-material/DownloadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { useCan } from '../../api/queries';
import { useKeysetPaging } from '../../ui/grid';
import { type ColumnLayout, useListColumns } from '../../ui/lists/ListColumns';
import { ListBody, ListTools, useListFilter, useListSearch } from '../../ui/lists/ListTools';
import { type ListName, serverFilterOf, useListFields } from '../../ui/lists/lists';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useListParams } from '../../ui/lists/url';
import {
  DOCUMENT_TYPES,
  type DocumentSummary,
  type DocumentType,
  type Payment,
  PLURAL,
  useBillingPage,
} from './api';
import { DocumentForm } from './DocumentForm';
import { useMoney } from './useMoney';

const TABS = [...DOCUMENT_TYPES, 'payment'] as const;
type TabKey = (typeof TABS)[number];

/**
 * The billing documents — quotes, sales orders, invoices, credit notes — and payments, one server-paged
 * list per tab (changing the tab starts its list afresh). A row opens its document.
 */
export default function BillingPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'quote';
  const [creating, setCreating] = useState<'quote' | 'invoice' | null>(null);
  const mayExport = useCan('billing', 'export');
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
      {(tab === 'invoice' || tab === 'payment') && mayExport ? (
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2" color="text.secondary">
            {t('billing.export.title')}
          </Typography>
          {/* The server streams every invoice or payment the user may see, for accounting systems. */}
          {(['csv', 'json'] as const).map((format) => (
            <Button
              key={format}
              size="small"
              startIcon={<Download />}
              component="a"
              href={`/api/v1/${tab === 'invoice' ? 'invoices' : 'payments'}/export?format=${format}`}
              download
            >
              {t(`billing.export.${format}`)}
            </Button>
          ))}
        </Box>
      ) : null}
      <BillingList key={tab} tab={tab} />
      {creating ? <DocumentForm type={creating} onClose={() => setCreating(null)} /> : null}
    </Box>
  );
}

const LISTS: Record<TabKey, ListName> = {
  quote: { entity: 'quote', plural: 'quotes' },
  sales_order: { entity: 'sales_order', plural: 'sales-orders' },
  invoice: { entity: 'invoice', plural: 'invoices' },
  credit_note: { entity: 'credit_note', plural: 'credit-notes' },
  payment: { entity: 'payment', plural: 'payments' },
};
const DEFAULT_COLUMNS: Record<TabKey, string[]> = {
  quote: ['number', 'status', 'issueDate', 'dueDate', 'total'],
  sales_order: ['number', 'status', 'issueDate', 'total'],
  invoice: ['number', 'status', 'issueDate', 'dueDate', 'total', 'paid'],
  credit_note: ['number', 'issueDate', 'total'],
  payment: ['paidOn', 'amount', 'method', 'reference'],
};
/** Money fields: shown with the row's currency by the money helpers, not as the lists' plain numbers. */
const MONEY = new Set(['total', 'paid', 'amount']);

type Row = (DocumentSummary | Payment) & { id: string };

/**
 * One billing list like the customer and task lists: search by number, the filter bar, sort, chosen
 * columns and saved views from the shared list tools (the list's /fields), kept in the URL; server-paged.
 */
function BillingList({ tab }: { tab: TabKey }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const money = useMoney();
  const list = LISTS[tab];
  const { params, setListParams } = useListParams();
  const listFilter = useListFilter(params);
  const filterText = params.get('filter');
  const sort = params.get('sort');
  const columnsParam = params.get('columns');
  const chosenColumns = columnsParam ? columnsParam.split(',').filter(Boolean) : DEFAULT_COLUMNS[tab];
  const fields = useListFields(list);
  const listSearch = useListSearch({ params, setListParams });
  const { q } = listSearch;
  const listKey = `${tab}|${sort}|${filterText ?? ''}|${q}`;
  const keyset = useKeysetPaging(listKey);
  const page = useBillingPage<Row>(list.plural, {
    q,
    sort,
    filter: serverFilterOf(listFilter.filter),
    cursor: keyset.cursor,
    limit: keyset.paging.pageSize,
  });
  const primary = tab === 'payment' ? 'paidOn' : 'number';
  const layout: ColumnLayout<Row> = {
    primary,
    valueOf: (row, name) => (row as unknown as Record<string, unknown>)[name],
  };
  const chosen = useListColumns(fields.data ?? [], chosenColumns, layout).map((column): GridColDef<Row> => {
    if (MONEY.has(column.field))
      return {
        ...column,
        renderCell: ({ row }) =>
          money(String((row as unknown as Record<string, string>)[column.field]), row.currency),
      };
    if (column.field === 'number')
      return {
        ...column,
        renderCell: ({ value }) => (value ? <bdi>{String(value)}</bdi> : t('billing.draft')),
      };
    if (column.field === 'dueDate' && tab === 'quote')
      return { ...column, headerName: t('billing.validUntil') };
    return column;
  });
  // Who the document is for (or which invoice a payment paid): names, not the list's uuid fields.
  const party: GridColDef<Row> =
    tab === 'payment'
      ? {
          field: 'invoiceNumber',
          headerName: t('billing.invoice'),
          minWidth: 150,
          flex: 1,
          sortable: false,
          renderCell: ({ row }) => <bdi>{(row as Payment).invoiceNumber}</bdi>,
        }
      : { field: 'accountName', headerName: t('billing.account'), minWidth: 160, flex: 1.4, sortable: false };
  const columns = [...chosen.slice(0, 1), party, ...chosen.slice(1)];
  const open = (row: Row) =>
    navigate(
      tab === 'payment'
        ? `/billing/invoices/${(row as Payment).invoiceId}`
        : `/billing/${PLURAL[tab as DocumentType]}/${row.id}`,
    );

  return (
    <>
      <ListTools
        entity={list.entity}
        fields={fields.data ?? []}
        fixedColumn={primary}
        columns={chosenColumns}
        sort={sort}
        searchPlaceholder={t('billing.search')}
        search={listSearch}
        filter={listFilter}
        listParams={{ params, setListParams }}
      />
      <ListBody query={page} setListParams={setListParams}>
        <Paper variant="outlined">
          <ServerGrid
            page={page}
            keyset={keyset}
            listKey={listKey}
            columns={columns}
            sort={sort}
            busy={fields.isLoading}
            onSort={(next) => setListParams({ sort: next })}
            onRowClick={({ row }) => open(row)}
            aria-label={t(`billing.tabs.${tab}`)}
          />
        </Paper>
      </ListBody>
    </>
  );
}
