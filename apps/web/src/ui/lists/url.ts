// What the server-paged lists keep in the URL (filter, sort, columns, the saved view in use…), so a link
// or a reload shows the same list.
import type { GridSortModel } from '@mui/x-data-grid';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

/** The grid's sort model for the API's sort ('-createdAt,name' → createdAt descending; the grid shows one). */
export function sortModelOf(sort: string | null): GridSortModel {
  const first = sort?.split(',')[0]?.trim();
  if (!first) return [];
  return [{ field: first.replace(/^-/, ''), sort: first.startsWith('-') ? 'desc' : 'asc' }];
}

/**
 * sortModelOf for the grid's `sortModel` prop, the same array while the sort is the same: the grid
 * treats a new array as a new sort and goes back to the first page (it undid every "next page").
 */
export function useSortModel(sort: string | null): GridSortModel {
  return useMemo(() => sortModelOf(sort), [sort]);
}

/**
 * The API's sort for the grid's new sort model: null for none. The grid also drops, by itself, a sort by
 * a field it has no column for — while its columns are loading, or a sort kept from a link or a view by
 * a column not shown — which is not the user asking for no sort: then the current sort stays.
 */
export function sortParamOf(
  model: GridSortModel,
  current: string | null,
  columns: readonly { field: string }[],
): string | null {
  const first = model[0];
  if (first) return `${first.sort === 'desc' ? '-' : ''}${first.field}`;
  const currentField = sortModelOf(current)[0]?.field;
  return currentField && !columns.some((c) => c.field === currentField) ? current : null;
}

/** The URL's parameters, and a setter that changes some of them (null removes one), keeping the others. */
export function useListParams() {
  const [params, setParams] = useSearchParams();
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
  return { params, setParams, setListParams };
}

/** Waits until typing pauses, so the list is asked once per word rather than once per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
