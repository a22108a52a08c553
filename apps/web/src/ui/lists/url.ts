// What the server-paged lists keep in the URL (filter, sort, columns, the saved view in use…), so a link
// or a reload shows the same list.
import type { GridSortModel } from '@mui/x-data-grid';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/** The grid's sort model for the API's sort ('-createdAt,name' → createdAt descending; the grid shows one). */
export function sortModelOf(sort: string | null): GridSortModel {
  const first = sort?.split(',')[0]?.trim();
  if (!first) return [];
  return [{ field: first.replace(/^-/, ''), sort: first.startsWith('-') ? 'desc' : 'asc' }];
}

/** The API's sort for the grid's sort model: null for none. */
export function sortParamOf(model: GridSortModel): string | null {
  const first = model[0];
  return first ? `${first.sort === 'desc' ? '-' : ''}${first.field}` : null;
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
