// What every server-paged MUI X DataGrid list shares: its words in the user's language and digits, the page
// sizes offered, and keyset paging that remembers the cursor of each page visited.
import type { GridLocaleText, GridPaginationModel } from '@mui/x-data-grid';
import { enUS, faIR } from '@mui/x-data-grid/locales';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../app/prefs';
import { formatNumber } from './format';

const PAGE_SIZES = [25, 50, 100];

/**
 * The grid's own words: MUI X's Persian or English set for its menus and tooltips, with what a user reads
 * on every list (empty list, rows per page, "1–25 of 300" in the user's digits) taken from our catalogues.
 */
export function useGridLocale(): Partial<GridLocaleText> {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const base = (i18n.language === 'fa' ? faIR : enUS).components.MuiDataGrid.defaultProps.localeText;
  return {
    ...base,
    noRowsLabel: t('grid.empty'),
    noResultsOverlayLabel: t('grid.noResults'),
    paginationRowsPerPage: t('grid.rowsPerPage'),
    paginationDisplayedRows: ({ from, to, count }) =>
      t('grid.rows', {
        from: formatNumber(from, prefs),
        to: formatNumber(to, prefs),
        count: formatNumber(count, prefs),
      }),
  };
}

/** The page sizes a list offers, labelled in the user's digits. */
export function usePageSizeOptions() {
  const prefs = useFormatPrefs();
  return PAGE_SIZES.map((value) => ({ value, label: formatNumber(value, prefs) }));
}

/**
 * Keyset paging for a server-paged grid: the server hands out the next page's cursor, so the grid keeps the
 * cursor of every page it has reached to go back and forth. When `resetKey` (the query: filters, search,
 * sort) or the page size changes, paging starts again from the first page — in the same render, so no
 * request goes out with a cursor made for the previous query.
 */
export function useKeysetPaging(resetKey: string) {
  const [paging, setPagingState] = useState<GridPaginationModel>({
    page: 0,
    pageSize: PAGE_SIZES[0] as number,
  });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [queryKey, setQueryKey] = useState(resetKey);
  if (queryKey !== resetKey) {
    setQueryKey(resetKey);
    setPagingState((current) => ({ ...current, page: 0 }));
    setCursors([null]);
  }
  const setPaging = useCallback(
    (next: GridPaginationModel) => {
      if (next.pageSize === paging.pageSize) return setPagingState(next);
      setCursors([null]);
      setPagingState({ page: 0, pageSize: next.pageSize });
    },
    [paging.pageSize],
  );
  /** Call with each loaded page's nextCursor (not a placeholder's): the cursor of the page after it. */
  const rememberNext = useCallback(
    (nextCursor: string | null | undefined) => {
      if (nextCursor)
        setCursors((known) => (known.length === paging.page + 1 ? [...known, nextCursor] : known));
    },
    [paging.page],
  );
  const current = queryKey === resetKey ? (cursors[paging.page] ?? null) : null;
  return { paging, setPaging, cursor: current, rememberNext };
}

/**
 * The list's row count for the grid's pager. Pages ask for it only with the first page (`total=true`
 * without a cursor): counting a million rows costs far more than reading one keyset page, and the count
 * does not depend on the page. Kept for the later pages of the same list (resetKey).
 */
export function useKnownTotal(resetKey: string, total: number | undefined): number {
  const [known, setKnown] = useState({ key: resetKey, total: 0 });
  if (total !== undefined && (known.key !== resetKey || known.total !== total))
    setKnown({ key: resetKey, total });
  return known.key === resetKey ? known.total : 0;
}
