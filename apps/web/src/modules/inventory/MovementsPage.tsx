import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate } from '../../ui/format';
import { useGridLocale, useKeysetPaging, useKnownTotal, usePageSizeOptions } from '../../ui/grid';
import { sortParamOf, useSortModel } from '../../ui/lists/url';
import { useMembers } from '../admin/api';
import { PLURAL } from '../billing/api';
import type { Product } from '../products/api';
import { ProductPicker, productLabel } from '../products/ProductPicker';
import { STOCK_REASONS, type StockMovement, type StockReason, useMovementPage, useWarehouses } from './api';
import { formatSigned } from './format';
import { SHOW_EMPTY, WarehouseSelect } from './parts';

/**
 * The stock ledger, newest first: every movement with its product, warehouse, signed quantity, reason,
 * the document it came from (invoices and credit notes open in billing), who and when; filtered by
 * product, warehouse and reason, server-paged.
 */
export default function MovementsPage() {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const warehouses = useWarehouses();
  const members = useMembers();
  const [product, setProduct] = useState<Product | null>(null);
  const [warehouseId, setWarehouseId] = useState('');
  const [reason, setReason] = useState<StockReason | ''>('');
  const [sort, setSort] = useState<string | null>(null);
  const productId = product?.id ?? '';
  const listKey = `${productId}|${warehouseId}|${reason}|${sort}`;
  const keyset = useKeysetPaging(listKey);
  const page = useMovementPage({
    productId,
    warehouseId,
    reason,
    sort,
    cursor: keyset.cursor,
    limit: keyset.paging.pageSize,
  });
  const total = useKnownTotal(listKey, page.data?.total);
  const sortModel = useSortModel(sort);
  const { rememberNext } = keyset;
  useEffect(() => {
    if (!page.isPlaceholderData) rememberNext(page.data?.nextCursor);
  }, [page.data, page.isPlaceholderData, rememberNext]);
  const localeText = useGridLocale();
  const pageSizeOptions = usePageSizeOptions();

  const columns: GridColDef<StockMovement>[] = [
    {
      field: 'createdAt',
      headerName: t('inventory.movements.when'),
      minWidth: 170,
      valueGetter: (value: string) =>
        formatDate(new Date(value), prefs, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    {
      field: 'productId',
      headerName: t('inventory.product'),
      sortable: false,
      flex: 2,
      minWidth: 180,
      valueGetter: (_value, row) => productLabel(row, i18n.language),
    },
    {
      field: 'warehouseId',
      headerName: t('inventory.warehouse'),
      sortable: false,
      flex: 1,
      minWidth: 120,
      valueGetter: (value: string) => warehouses.data?.find((w) => w.id === value)?.name ?? '',
    },
    {
      field: 'quantity',
      headerName: t('inventory.quantity'),
      minWidth: 110,
      renderCell: ({ row }) => (
        <Box component="span" sx={{ color: row.quantity.startsWith('-') ? 'error.main' : 'success.main' }}>
          <bdi>{formatSigned(row.quantity, prefs.digits)}</bdi>
        </Box>
      ),
    },
    {
      field: 'reason',
      headerName: t('inventory.movements.reason'),
      minWidth: 130,
      valueGetter: (value: StockReason) => t(`inventory.reasons.${value}`),
    },
    {
      field: 'documentType',
      headerName: t('inventory.movements.document'),
      sortable: false,
      minWidth: 150,
      renderCell: ({ row }) =>
        row.documentType === 'invoice' || row.documentType === 'credit_note' ? (
          <Link component={RouterLink} to={`/billing/${PLURAL[row.documentType]}/${row.documentId}`}>
            {t(`inventory.documents.${row.documentType}`)}
          </Link>
        ) : (
          t(`inventory.documents.${row.documentType}`)
        ),
    },
    { field: 'note', headerName: t('inventory.note'), sortable: false, flex: 1, minWidth: 140 },
    {
      field: 'createdBy',
      headerName: t('inventory.movements.who'),
      sortable: false,
      minWidth: 130,
      valueGetter: (value: string | null) => members.data?.find((m) => m.id === value)?.name ?? '',
    },
  ];

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Typography variant="h1">{t('inventory.movements.title')}</Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr 1fr' } }}>
        <ProductPicker
          size="small"
          label={t('inventory.product')}
          value={product}
          onChange={setProduct}
          accept={(p) => p.stockTracked}
        />
        <WarehouseSelect
          size="small"
          warehouses={warehouses.data ?? []}
          value={warehouseId}
          onChange={setWarehouseId}
          label={t('inventory.warehouse')}
          empty={t('inventory.allWarehouses')}
        />
        <TextField
          select
          size="small"
          label={t('inventory.movements.reason')}
          value={reason}
          onChange={(event) => setReason(event.target.value as StockReason | '')}
          slotProps={SHOW_EMPTY}
        >
          <MenuItem value="">{t('inventory.movements.allReasons')}</MenuItem>
          {STOCK_REASONS.map((key) => (
            <MenuItem key={key} value={key}>
              {t(`inventory.reasons.${key}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
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
            disableRowSelectionOnClick
            localeText={localeText}
            sx={{ border: 0 }}
            aria-label={t('inventory.movements.title')}
          />
        </Paper>
      )}
    </Box>
  );
}
