import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate } from '../../ui/format';
import { useKeysetPaging } from '../../ui/grid';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useListParams } from '../../ui/lists/url';
import { useMembers } from '../admin/api';
import { PLURAL } from '../billing/api';
import { useProduct } from '../products/api';
import { ProductPicker, productLabel } from '../products/ProductPicker';
import { STOCK_REASONS, type StockMovement, type StockReason, useMovementPage, useWarehouses } from './api';
import { formatSigned } from './format';
import { SHOW_EMPTY, WarehouseSelect } from './parts';

/** Where a movement's document opens: invoices and credit notes in billing, receipts on their order. */
function documentLink(movement: StockMovement): string | undefined {
  if (movement.documentType === 'invoice' || movement.documentType === 'credit_note')
    return `/billing/${PLURAL[movement.documentType]}/${movement.documentId}`;
  if (movement.purchaseOrderId) return `/inventory/purchase-orders/${movement.purchaseOrderId}`;
  return undefined;
}

/**
 * The stock ledger, newest first: every movement with its product, warehouse, signed quantity, reason,
 * the document it came from (invoices and credit notes open in billing, goods receipts their order), who
 * and when; filtered by product, warehouse and reason, server-paged.
 */
export default function MovementsPage() {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const warehouses = useWarehouses();
  const members = useMembers();
  // The filters live in the URL, so a stock row can open its own movements.
  const { params, setListParams } = useListParams();
  const productId = params.get('productId') ?? '';
  const warehouseId = params.get('warehouseId') ?? '';
  const reason = STOCK_REASONS.find((key) => key === params.get('reason')) ?? '';
  const product = useProduct(productId || undefined).data ?? null;
  const [sort, setSort] = useState<string | null>(null);
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
      renderCell: ({ row }) => {
        const label = t(`inventory.documents.${row.documentType}`);
        const to = documentLink(row);
        return to ? (
          <Link component={RouterLink} to={to}>
            {label}
          </Link>
        ) : (
          label
        );
      },
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
          onChange={(chosen) => setListParams({ productId: chosen?.id ?? null })}
          accept={(p) => p.stockTracked}
        />
        <WarehouseSelect
          size="small"
          warehouses={warehouses.data ?? []}
          value={warehouseId}
          onChange={(id) => setListParams({ warehouseId: id })}
          label={t('inventory.warehouse')}
          empty={t('inventory.allWarehouses')}
        />
        <TextField
          select
          size="small"
          label={t('inventory.movements.reason')}
          value={reason}
          onChange={(event) => setListParams({ reason: event.target.value })}
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
          <ServerGrid
            page={page}
            keyset={keyset}
            listKey={listKey}
            columns={columns}
            sort={sort}
            onSort={(next) => setSort(next)}
            disableRowSelectionOnClick
            aria-label={t('inventory.movements.title')}
          />
        </Paper>
      )}
    </Box>
  );
}
