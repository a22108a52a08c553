import Paper from '@mui/material/Paper';
import { useTheme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { GridColDef } from '@mui/x-data-grid';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { useKeysetPaging } from '../../ui/grid';
import { type ColumnLayout, useListColumns } from '../../ui/lists/ListColumns';
import { ListBody, ListTools, useListFilter, useListSearch } from '../../ui/lists/ListTools';
import { filterParam, useListFields } from '../../ui/lists/lists';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useListParams } from '../../ui/lists/url';
import { useMembers } from '../admin/api';
import type { ListPage } from '../customers/api';
import { type Deal, formatAmount, salesKeys } from './api';

const DEFAULT_COLUMNS = ['title', 'amount', 'expectedCloseDate', 'status', 'createdAt'];

const DEAL_COLUMNS: ColumnLayout<Deal> = {
  primary: 'title',
  wide: ['amount'],
  valueOf: (row, name) => (row as unknown as Record<string, unknown>)[name],
};

function useDealPage(
  q: string,
  cursor: string | null,
  limit: number,
  sort: string | null,
  filter: string | null,
) {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter) params.set('filter', filter);
  if (q.trim()) params.set('q', q.trim());
  // The count comes with the first page only (see useKnownTotal).
  if (cursor) params.set('cursor', cursor);
  else params.set('total', 'true');
  if (sort) params.set('sort', sort);
  return useQuery({
    queryKey: [...salesKeys.list, q, cursor, limit, sort, filter],
    queryFn: () => api.get<ListPage<Deal>>(`/api/v1/deals?${params}`),
    placeholderData: (previous) => previous,
  });
}

/**
 * Deals as a server-paged grid with the shared list tools (search, filter, saved views of `deal`,
 * columns); what it shows is kept in the URL like the customer lists. The catalogue names stage and
 * owner by id, so those two columns are added here with their names.
 */
export function DealsList() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const { params, setListParams } = useListParams();
  const listFilter = useListFilter(params);
  const filterText = params.get('filter');
  const sort = params.get('sort');
  const columnsParam = params.get('columns');
  const chosenColumns = columnsParam ? columnsParam.split(',').filter(Boolean) : DEFAULT_COLUMNS;
  const listSearch = useListSearch({ params, setListParams });
  const { q } = listSearch;
  const fields = useListFields({ entity: 'deal', plural: 'deals' });
  const members = useMembers().data ?? [];
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));

  const listKey = `${q}|${sort ?? ''}|${filterText ?? ''}`;
  const keyset = useKeysetPaging(listKey);
  const page = useDealPage(q, keyset.cursor, keyset.paging.pageSize, sort, filterParam(listFilter.filter));

  // An amount is a decimal string: shown exactly with its currency, never through a float.
  const listed = useListColumns(fields.data ?? [], chosenColumns, DEAL_COLUMNS).map(
    (column): GridColDef<Deal> =>
      column.field === 'amount'
        ? { ...column, renderCell: ({ row }) => formatAmount(row.amount, row.currency, prefs) }
        : column,
  );
  const named: GridColDef<Deal>[] = [
    { field: 'stageName', headerName: t('sales.deal.stage'), flex: 1, minWidth: 120, sortable: false },
    {
      field: 'owner',
      headerName: t('sales.deal.owner'),
      flex: 1,
      minWidth: 120,
      sortable: false,
      valueGetter: (_value, row) => members.find((m) => m.id === row.ownerId)?.name ?? '',
    },
  ];
  // Stage and owner read best right after the title, wherever the chosen columns put it.
  const after = listed.findIndex((c) => c.field === 'title') + 1;
  const columns = [...listed.slice(0, after), ...named, ...listed.slice(after)];
  // At phone width the title and the amount are what fit; the rest is on the deal's page.
  const visibleOnPhone = new Set(['title', 'amount']);
  const columnVisibility = narrow
    ? Object.fromEntries(columns.map((c) => [c.field, visibleOnPhone.has(c.field)]))
    : {};

  return (
    <>
      <ListTools
        entity="deal"
        fields={fields.data ?? []}
        fixedColumn="title"
        columns={chosenColumns}
        sort={sort}
        searchPlaceholder={t('sales.list.searchPlaceholder')}
        search={listSearch}
        filter={listFilter}
        listParams={{ params, setListParams }}
      />
      <ListBody query={page} setListParams={setListParams}>
        <Paper variant="outlined" sx={{ height: { xs: 520, md: 640 } }}>
          <ServerGrid
            page={page}
            keyset={keyset}
            listKey={listKey}
            columns={columns}
            sort={sort}
            busy={fields.isLoading}
            onSort={(next) => setListParams({ sort: next })}
            columnVisibilityModel={columnVisibility}
            onRowClick={({ row }) => navigate(`/sales/deals/${row.id}`)}
            aria-label={t('sales.title')}
          />
        </Paper>
      </ListBody>
    </>
  );
}
