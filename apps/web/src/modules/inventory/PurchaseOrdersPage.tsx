import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import { addAmounts } from '@peyvand/billing';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate, formatNumber } from '../../ui/format';
import { useKeysetPaging } from '../../ui/grid';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useMoney } from '../billing/useMoney';
import {
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrder,
  type PurchaseOrderStatus,
  usePurchaseOrderPage,
  useVendors,
  useWarehouses,
} from './api';
import { lineCost } from './format';
import { PurchaseOrderForm } from './PurchaseOrderForm';
import { SHOW_EMPTY } from './parts';

/** Purchase orders, newest first, filtered by status; a row opens the order, new ones are made in a form. */
export default function PurchaseOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const keeper = useCan('inventory', 'create');
  const vendors = useVendors();
  const warehouses = useWarehouses();
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  const [sort, setSort] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const listKey = `${status}|${sort}`;
  const keyset = useKeysetPaging(listKey);
  const page = usePurchaseOrderPage({ status, sort, cursor: keyset.cursor, limit: keyset.paging.pageSize });

  const columns: GridColDef<PurchaseOrder>[] = [
    {
      field: 'createdAt',
      headerName: t('inventory.orders.date'),
      minWidth: 130,
      valueGetter: (value: string) => formatDate(new Date(value), prefs, { dateStyle: 'medium' }),
    },
    {
      field: 'vendorId',
      headerName: t('inventory.orders.vendor'),
      sortable: false,
      flex: 1.5,
      minWidth: 160,
      valueGetter: (value: string) => vendors.data?.find((v) => v.id === value)?.name ?? '',
    },
    {
      field: 'warehouseId',
      headerName: t('inventory.warehouse'),
      sortable: false,
      flex: 1,
      minWidth: 130,
      valueGetter: (value: string) => warehouses.data?.find((w) => w.id === value)?.name ?? '',
    },
    {
      field: 'status',
      headerName: t('inventory.orders.status'),
      minWidth: 140,
      renderCell: ({ row }) => (
        <Chip
          size="small"
          color="primary"
          variant="outlined"
          label={t(`inventory.orders.statuses.${row.status}`)}
        />
      ),
    },
    {
      field: 'lines',
      headerName: t('inventory.orders.lineCount'),
      sortable: false,
      minWidth: 90,
      valueGetter: (_value, row) => formatNumber(row.lines.length, prefs),
    },
    {
      field: 'currency',
      headerName: t('inventory.orders.total'),
      sortable: false,
      flex: 1,
      minWidth: 150,
      valueGetter: (_value, row) => money(addAmounts('0', ...row.lines.map(lineCost)), row.currency),
    },
  ];

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('inventory.orders.title')}
        </Typography>
        {keeper ? (
          <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
            {t('inventory.orders.create')}
          </Button>
        ) : null}
      </Box>
      <TextField
        select
        size="small"
        label={t('inventory.orders.status')}
        value={status}
        onChange={(event) => setStatus(event.target.value as PurchaseOrderStatus | '')}
        slotProps={SHOW_EMPTY}
        sx={{ maxWidth: { sm: 280 } }}
      >
        <MenuItem value="">{t('inventory.orders.allStatuses')}</MenuItem>
        {PURCHASE_ORDER_STATUSES.map((key) => (
          <MenuItem key={key} value={key}>
            {t(`inventory.orders.statuses.${key}`)}
          </MenuItem>
        ))}
      </TextField>
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
            onRowClick={({ row }) => navigate(`/inventory/purchase-orders/${row.id}`)}
            aria-label={t('inventory.orders.title')}
          />
        </Paper>
      )}
      {creating ? <PurchaseOrderForm onClose={() => setCreating(false)} /> : null}
    </Box>
  );
}
