import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import MoveUpOutlined from '@mui/icons-material/MoveUpOutlined';
import NotificationsActiveOutlined from '@mui/icons-material/NotificationsActiveOutlined';
import PlaylistAddCheckOutlined from '@mui/icons-material/PlaylistAddCheckOutlined';
import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import { alpha } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import type { GridColDef } from '@mui/x-data-grid';
import { type ReactElement, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useCan } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { useKeysetPaging } from '../../ui/grid';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useDebounced } from '../../ui/lists/url';
import { type StockLevel, useStockPage, useWarehouses } from './api';
import { formatQuantity, isLow } from './format';
import { WarehouseSelect } from './parts';
import { StocktakeDialog, ThresholdDialog, TransferDialog } from './StockDialogs';

type Action = 'transfer' | 'stocktake' | 'threshold';

/**
 * Stock levels per product and warehouse, server-paged, searchable by product and filtered by warehouse;
 * rows of a product at or below its low-stock threshold are marked. Those who keep the stock move it to
 * another warehouse, count it, or set the threshold from a row; anyone opens a row's movements.
 */
export function StockList() {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const keeper = useCan('inventory', 'create');
  const warehouses = useWarehouses();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [warehouseId, setWarehouseId] = useState('');
  const [sort, setSort] = useState<string | null>('sku');
  const [acting, setActing] = useState<{ action: Action; level: StockLevel } | null>(null);
  const listKey = `${q}|${warehouseId}|${sort}`;
  const keyset = useKeysetPaging(listKey);
  const page = useStockPage({ q, warehouseId, sort, cursor: keyset.cursor, limit: keyset.paging.pageSize });
  const warehouseName = (id: string) => warehouses.data?.find((w) => w.id === id)?.name ?? '';

  const action = (level: StockLevel, key: Action, icon: ReactElement) => (
    <Tooltip title={t(`inventory.actions.${key}`)}>
      <IconButton
        size="small"
        aria-label={t(`inventory.actions.${key}`)}
        onClick={() => setActing({ action: key, level })}
      >
        {icon}
      </IconButton>
    </Tooltip>
  );
  const columns: GridColDef<StockLevel>[] = [
    {
      field: 'sku',
      headerName: t('products.sku'),
      minWidth: 110,
      renderCell: ({ value }) => <bdi>{value}</bdi>,
    },
    {
      // Sorted by the name in the UI language (the server sorts by that field).
      field: i18n.language === 'fa' ? 'nameFa' : 'nameEn',
      headerName: t('inventory.product'),
      flex: 2,
      minWidth: 170,
      valueGetter: (_value, row) => (i18n.language === 'fa' ? row.nameFa : row.nameEn || row.nameFa),
    },
    {
      field: 'warehouseId',
      headerName: t('inventory.warehouse'),
      sortable: false,
      flex: 1,
      minWidth: 130,
      valueGetter: (_value, row) => warehouseName(row.warehouseId),
    },
    {
      field: 'quantity',
      headerName: t('inventory.quantity'),
      minWidth: 120,
      valueGetter: (_value, row) => `${formatQuantity(row.quantity, prefs.digits)} ${row.unit}`,
    },
    {
      field: 'threshold',
      headerName: t('inventory.threshold.threshold'),
      sortable: false,
      minWidth: 170,
      renderCell: ({ row }) =>
        row.threshold === null ? null : (
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', height: '100%' }}>
            {formatQuantity(row.threshold, prefs.digits)}
            {isLow(row) ? (
              <Chip
                size="small"
                variant="outlined"
                color="warning"
                icon={<WarningAmberOutlined />}
                // The label in the text colour: white or orange on orange is too faint to read.
                sx={{ color: 'text.primary' }}
                label={t('inventory.low', { total: formatQuantity(row.productQuantity, prefs.digits) })}
              />
            ) : null}
          </Box>
        ),
    },
    {
      field: 'actions',
      headerName: t('inventory.actions.title'),
      sortable: false,
      minWidth: keeper ? 170 : 70,
      renderCell: ({ row }) => (
        <Box sx={{ display: 'flex', alignItems: 'center', height: '100%' }}>
          <Tooltip title={t('inventory.actions.movements')}>
            <IconButton
              size="small"
              component={RouterLink}
              to={`/inventory/movements?productId=${row.productId}&warehouseId=${row.warehouseId}`}
              aria-label={t('inventory.actions.movements')}
            >
              <HistoryOutlined />
            </IconButton>
          </Tooltip>
          {keeper ? (
            <>
              {action(row, 'transfer', <MoveUpOutlined />)}
              {action(row, 'stocktake', <PlaylistAddCheckOutlined />)}
              {action(row, 'threshold', <NotificationsActiveOutlined />)}
            </>
          ) : null}
        </Box>
      ),
    },
  ];

  return (
    <>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '2fr 1fr' } }}>
        <TextField
          size="small"
          type="search"
          label={t('inventory.search')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <WarehouseSelect
          size="small"
          warehouses={warehouses.data ?? []}
          value={warehouseId}
          onChange={setWarehouseId}
          label={t('inventory.warehouse')}
          empty={t('inventory.allWarehouses')}
        />
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
            getRowId={(level) => `${level.productId}/${level.warehouseId}`}
            onSort={(next) => setSort(next)}
            disableRowSelectionOnClick
            getRowClassName={({ row }) => (isLow(row) ? 'low' : '')}
            sx={{ '& .low': { bgcolor: (theme) => alpha(theme.palette.warning.main, 0.12) } }}
            aria-label={t('inventory.tabs.stock')}
          />
        </Paper>
      )}
      {acting && warehouses.data ? (
        acting.action === 'transfer' ? (
          <TransferDialog level={acting.level} warehouses={warehouses.data} onClose={() => setActing(null)} />
        ) : acting.action === 'stocktake' ? (
          <StocktakeDialog
            level={acting.level}
            warehouses={warehouses.data}
            onClose={() => setActing(null)}
          />
        ) : (
          <ThresholdDialog
            level={acting.level}
            warehouses={warehouses.data}
            onClose={() => setActing(null)}
          />
        )
      ) : null}
    </>
  );
}
