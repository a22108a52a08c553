import Search from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorState } from '../ErrorState';
import { FilterBar } from './FilterBuilder';
import { ColumnsMenu } from './ListColumns';
import {
  EMPTY_FILTER,
  type FilterModel,
  filterParam,
  type ListField,
  parseFilterParam,
  type SavedView,
  serverFilterOf,
} from './lists';
import { useDebounced, type useListParams } from './url';
import { ViewsMenu } from './ViewsMenu';

type ListParams = ReturnType<typeof useListParams>;

/**
 * The list's search box text, and the settled search (`q`) the list is asked for: it settles into the URL
 * once typing pauses (only then: a view applied meanwhile sets both).
 */
export function useListSearch({ params, setListParams }: Pick<ListParams, 'params' | 'setListParams'>) {
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search, 250).trim();
  // biome-ignore lint/correctness/useExhaustiveDependencies: written when the settled search changes
  useEffect(() => {
    setListParams({ q: q || null });
  }, [q]);
  return { search, setSearch, q };
}

/** The filter in the URL: the model, and whether the URL's filter could not be read (an edited link). */
export function useListFilter(params: ListParams['params']) {
  const parsed = parseFilterParam(params.get('filter'));
  return { filter: parsed ?? EMPTY_FILTER, unreadable: parsed === null };
}

/**
 * The tools above a server-paged list, the same on every list: the search box, the saved views (applying
 * one sets filter, sort, search and columns), the column chooser and the filter bar — all kept in the URL.
 */
export function ListTools({
  entity,
  fields,
  fixedColumn,
  columns,
  sort,
  searchPlaceholder,
  search,
  filter,
  listParams: { params, setListParams },
}: {
  /** The list as saved views name it: 'contact', 'task'… */
  entity: string;
  fields: ListField[];
  /** The column always shown (the record's name or title). */
  fixedColumn: string;
  columns: string[];
  sort: string | null;
  searchPlaceholder: string;
  search: ReturnType<typeof useListSearch>;
  filter: ReturnType<typeof useListFilter>;
  listParams: Pick<ListParams, 'params' | 'setListParams'>;
}) {
  const { t } = useTranslation();
  const applyView = (view: SavedView) => {
    search.setSearch(view.q ?? '');
    setListParams({
      filter: view.filter ? JSON.stringify(view.filter) : null,
      sort: view.sort,
      q: view.q,
      columns: view.columns.length ? view.columns.join(',') : null,
      savedView: view.id,
    });
  };
  return (
    <>
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          value={search.search}
          onChange={(event) => search.setSearch(event.target.value)}
          placeholder={searchPlaceholder}
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
          activeId={params.get('savedView')}
          state={{ filter: serverFilterOf(filter.filter) ?? null, sort, q: search.q || null, columns }}
          onApply={applyView}
          onDeleted={() => setListParams({ savedView: null })}
        />
        <ColumnsMenu
          fields={fields}
          chosen={columns}
          fixed={fixedColumn}
          onChange={(next) => setListParams({ columns: next.join(',') })}
        />
      </Box>
      <Box sx={{ mb: 2 }}>
        <FilterBar
          fields={fields}
          model={filter.filter}
          onChange={(next: FilterModel) => setListParams({ filter: filterParam(next) })}
        />
      </Box>
      {filter.unreadable && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('lists.filter.unreadable')}
        </Alert>
      )}
    </>
  );
}

/**
 * What stands under the list tools: the list itself, or why it cannot show — a filter or sort the server
 * refused (an edited link, a view saved before a field changed: offer to clear them) or another error.
 */
export function ListBody({
  query,
  setListParams,
  children,
}: {
  query: { error: unknown; isError: boolean; refetch: () => unknown };
  setListParams: ListParams['setListParams'];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isApiError(query.error, 422))
    return (
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
    );
  if (query.isError) return <ErrorState onRetry={() => void query.refetch()} />;
  return <>{children}</>;
}
