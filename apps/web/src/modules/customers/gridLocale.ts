import type { GridLocaleText } from '@mui/x-data-grid';
import { enUS, faIR } from '@mui/x-data-grid/locales';
import { useTranslation } from 'react-i18next';

/**
 * The grid's own words: MUI X's Persian or English set for its menus and tooltips, with what a user
 * reads on every list (empty list, rows per page, loading) taken from our catalogues.
 */
export function useGridLocale(): Partial<GridLocaleText> {
  const { t, i18n } = useTranslation();
  const base = (i18n.language === 'fa' ? faIR : enUS).components.MuiDataGrid.defaultProps.localeText;
  return {
    ...base,
    noRowsLabel: t('customers.grid.empty'),
    noResultsOverlayLabel: t('customers.grid.noResults'),
    paginationRowsPerPage: t('customers.grid.rowsPerPage'),
  };
}
