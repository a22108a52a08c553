import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useCan, useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { useKeysetPaging } from '../../ui/grid';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { PageLoader } from '../../ui/PageLoader';
import { nameIn, type Product, useProduct, useProductPage } from './api';
import { formatPrice } from './money';
import { ProductDialog } from './ProductDialog';

// The set-up tabs load when opened: most visits are to the products themselves.
const SETUP = {
  categories: lazy(() => import('./CategoriesTab')),
  taxClasses: lazy(() => import('./TaxClassesTab')),
  customerGroups: lazy(() => import('./CustomerGroupsTab')),
  priceLists: lazy(() => import('./PriceListsTab')),
};
const TABS = ['products', 'categories', 'taxClasses', 'customerGroups', 'priceLists'] as const;
type TabKey = (typeof TABS)[number];

/**
 * The catalogue (?tab=): the products themselves, and what prices them — categories, tax classes, customer
 * groups and their price lists.
 */
export default function ProductsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const canCreate = useCan('products', 'create');
  const [creating, setCreating] = useState(false);
  const tab: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'products';
  const Setup = tab === 'products' ? null : SETUP[tab];
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('products.title')}
        </Typography>
        {tab === 'products' && canCreate ? (
          <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
            {t('products.create')}
          </Button>
        ) : null}
      </Box>
      <Tabs
        value={tab}
        onChange={(_event, value: TabKey) => setParams(value === 'products' ? {} : { tab: value })}
        variant="scrollable"
        allowScrollButtonsMobile
        aria-label={t('products.title')}
      >
        {TABS.map((key) => (
          <Tab key={key} value={key} label={t(`products.tabs.${key}`)} />
        ))}
      </Tabs>
      {Setup ? (
        <Suspense fallback={<PageLoader />}>
          <Setup />
        </Suspense>
      ) : (
        <ProductList />
      )}
      {creating ? <ProductDialog onClose={() => setCreating(false)} /> : null}
    </Box>
  );
}

/**
 * The products and services, server-paged and searchable by SKU or name; a row opens its form (also
 * reachable as /products/:id, where search results lead).
 */
function ProductList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const prefs = useFormatPrefs();
  const moneyDisplay = useMe().data?.tenant?.settings?.moneyDisplay;
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<string | null>(null);
  const listKey = `${q}|${sort}`;
  const keyset = useKeysetPaging(listKey);
  const page = useProductPage({ q: q.trim(), sort, cursor: keyset.cursor, limit: keyset.paging.pageSize });
  const opened = useProduct(id);

  const columns: GridColDef<Product>[] = [
    { field: 'sku', headerName: t('products.sku'), flex: 1, minWidth: 130 },
    {
      field: 'nameFa',
      headerName: t('products.name'),
      flex: 2,
      minWidth: 180,
      valueGetter: (_value, row) => nameIn(row, i18n.language),
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
    <>
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
          <ServerGrid
            page={page}
            keyset={keyset}
            listKey={listKey}
            columns={columns}
            sort={sort}
            onSort={(next) => setSort(next)}
            onRowClick={({ row }) => navigate(`/products/${row.id}`)}
            aria-label={t('products.title')}
          />
        </Paper>
      )}
      {id && opened.data ? (
        <ProductDialog
          key={`${opened.data.id}:${opened.data.version}`}
          product={opened.data}
          onClose={() => navigate('/products')}
        />
      ) : null}
    </>
  );
}
