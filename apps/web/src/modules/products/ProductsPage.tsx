import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { useGridLocale, useKeysetPaging, useKnownTotal, usePageSizeOptions } from '../../ui/grid';
import { sortParamOf, useSortModel } from '../../ui/lists/url';
import { type Product, useProduct, useProductPage } from './api';
import { formatPrice } from './money';
import { ProductDialog } from './ProductDialog';

/**
 * The catalogue: products and services, server-paged and searchable by SKU or name; a row opens its form
 * (also reachable as /products/:id, where search results lead), and new products are made from the same form.
 */
export default function ProductsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const prefs = useFormatPrefs();
  const moneyDisplay = useMe().data?.tenant?.settings?.moneyDisplay;
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const keyset = useKeysetPaging(`${q}|${sort}`);
  const page = useProductPage({ q: q.trim(), sort, cursor: keyset.cursor, limit: keyset.paging.pageSize });
  const total = useKnownTotal(`${q}|${sort}`, page.data?.total);
  const sortModel = useSortModel(sort);
  const { rememberNext } = keyset;
  useEffect(() => {
    if (!page.isPlaceholderData) rememberNext(page.data?.nextCursor);
  }, [page.data, page.isPlaceholderData, rememberNext]);
  const opened = useProduct(id);
  const localeText = useGridLocale();
  const pageSizeOptions = usePageSizeOptions();
  const nameField = i18n.language === 'fa' ? 'nameFa' : 'nameEn';

  const columns: GridColDef<Product>[] = [
    { field: 'sku', headerName: t('products.sku'), flex: 1, minWidth: 130 },
    {
      field: 'nameFa',
      headerName: t('products.name'),
      flex: 2,
      minWidth: 180,
      valueGetter: (_value, row) => row[nameField] || row.nameFa,
    },
    {
      field: 'kind',
      headerName: t('products.kind'),
      sortable: false,
      valueGetter: (_value, row) => t(`products.kinds.${row.kind}`),
    },
    { field: 'unit', headerName: t('products.unit'), minWidth: 90 },
    {
      field: 'basePrice',
      headerName: t('products.basePrice'),
      flex: 1,
      minWidth: 150,
      valueGetter: (_value, row) => formatPrice(row.basePrice, row.currency, prefs, moneyDisplay),
    },
    {
      field: 'taxClass',
      headerName: t('products.taxClass'),
      sortable: false,
      minWidth: 130,
      valueGetter: (_value, row) => row.taxClass.name,
    },
    {
      field: 'active',
      headerName: t('products.active'),
      valueGetter: (_value, row) => (row.active ? t('products.yes') : t('products.no')),
    },
  ];

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('products.title')}
        </Typography>
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t('products.create')}
        </Button>
      </Box>
      <TextField
        size="small"
        type="search"
        label={t('products.search')}
        value={q}
        onChange={(event) => setQ(event.target.value)}
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
            sortModel={sortModel}
            onSortModelChange={(model) => setSort(sortParamOf(model, sort, columns))}
            rowCount={total}
            paginationModel={keyset.paging}
            onPaginationModelChange={keyset.setPaging}
            pageSizeOptions={pageSizeOptions}
            disableColumnMenu
            onRowClick={({ row }) => navigate(`/products/${row.id}`)}
            localeText={localeText}
            sx={{ border: 0, '& .MuiDataGrid-row': { cursor: 'pointer' } }}
            aria-label={t('products.title')}
          />
        </Paper>
      )}
      {creating ? <ProductDialog onClose={() => setCreating(false)} /> : null}
      {id && opened.data ? (
        <ProductDialog
          key={`${opened.data.id}:${opened.data.version}`}
          product={opened.data}
          onClose={() => navigate('/products')}
        />
      ) : null}
    </Box>
  );
}
