import { DataGrid, type DataGridProps, type GridColDef, type GridValidRowModel } from '@mui/x-data-grid';
import { useEffect } from 'react';
import { useGridLocale, type useKeysetPaging, useKnownTotal, usePageSizeOptions } from '../grid';
import { sortParamOf, useSortModel } from './url';

/** One page of a server list as its query hook gives it (TanStack Query, previous page kept while loading). */
export interface ServerPage<T> {
  data?: { items: T[]; nextCursor: string | null; total?: number } | undefined;
  isFetching: boolean;
  isPlaceholderData: boolean;
}

type Owned =
  | 'rows'
  | 'columns'
  | 'loading'
  | 'paginationMode'
  | 'sortingMode'
  | 'sortModel'
  | 'onSortModelChange'
  | 'rowCount'
  | 'paginationModel'
  | 'onPaginationModelChange'
  | 'pageSizeOptions'
  | 'localeText';

/**
 * A server-paged list in MUI X's grid, as every list screen shows one: keyset paging that remembers each
 * page's cursor (`keyset`, reset by `listKey`), the count taken with the first page only, sorting by the
 * server's `sort` parameter (a memoised model, so paging does not restart), the grid's words in the user's
 * language and digits, and a pointer over rows that open something.
 */
export function ServerGrid<T extends GridValidRowModel>({
  page,
  keyset,
  listKey,
  columns,
  sort,
  onSort,
  busy = false,
  sx,
  ...grid
}: {
  page: ServerPage<T>;
  keyset: ReturnType<typeof useKeysetPaging>;
  listKey: string;
  columns: GridColDef<T>[];
  sort: string | null;
  onSort: (sort: string | null) => void;
  /** Something else the rows wait for (the list's field catalogue, a bulk change). */
  busy?: boolean;
} & Omit<DataGridProps<T>, Owned>) {
  const { rememberNext } = keyset;
  useEffect(() => {
    if (!page.isPlaceholderData) rememberNext(page.data?.nextCursor);
  }, [page.data, page.isPlaceholderData, rememberNext]);
  const total = useKnownTotal(listKey, page.data?.total);
  const sortModel = useSortModel(sort);
  const localeText = useGridLocale();
  const pageSizeOptions = usePageSizeOptions();
  return (
    <DataGrid
      rows={page.data?.items ?? []}
      columns={columns}
      loading={page.isFetching || busy}
      paginationMode="server"
      sortingMode="server"
      sortModel={sortModel}
      onSortModelChange={(model) => onSort(sortParamOf(model, sort, columns))}
      rowCount={total}
      paginationModel={keyset.paging}
      onPaginationModelChange={keyset.setPaging}
      pageSizeOptions={pageSizeOptions}
      disableColumnMenu
      localeText={localeText}
      sx={[
        { border: 0 },
        grid.onRowClick ? { '& .MuiDataGrid-row': { cursor: 'pointer' } } : {},
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
      {...grid}
    />
  );
}
