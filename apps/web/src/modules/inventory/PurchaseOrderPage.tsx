import ArrowBack from '@mui/icons-material/ArrowBack';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { compareAmounts, isDecimal } from '@peyvand/billing';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useCan } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { fieldMessages, problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { useMoney } from '../billing/useMoney';
import { type Product, useProductsById } from '../products/api';
import { productLabel } from '../products/ProductPicker';
import {
  type PurchaseOrder,
  useOrderStatus,
  usePurchaseOrder,
  useReceiveGoods,
  useVendors,
  useWarehouses,
  type Warehouse,
} from './api';
import { formatQuantity, lineCost, outstanding } from './format';
import { DecimalField, FormDialog, WarehouseSelect } from './parts';

/**
 * One purchase order: its vendor, warehouse and status, its lines with what has arrived of each; a draft
 * is ordered, an ordered one receives goods in parts (raising stock) until all arrived, and either can be
 * cancelled.
 */
export default function PurchaseOrderPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const keeper = useCan('inventory', 'create');
  const order = usePurchaseOrder(id);
  const vendors = useVendors();
  const warehouses = useWarehouses();
  const products = useProductsById(order.data?.lines.map((l) => l.productId) ?? []);
  const move = useOrderStatus(order.data);
  const [receiving, setReceiving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  if (order.isPending) return <PageLoader />;
  if (order.isError)
    return isApiError(order.error, 404) ? (
      <Typography>{t('inventory.orders.notFound')}</Typography>
    ) : (
      <ErrorState onRetry={() => void order.refetch()} />
    );
  const po = order.data;
  const productOf = (productId: string): Product | undefined =>
    products.data?.find((p) => p.id === productId);
  const canReceive = po.status === 'ordered' || po.status === 'partly_received';
  const cancel = {
    isPending: move.isPending,
    error: move.error,
    mutate: (_input: undefined, options: { onSuccess: () => void }) => move.mutate('cancelled', options),
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Box>
        <Button component={RouterLink} to="/inventory/purchase-orders" startIcon={<ArrowBack />}>
          {t('inventory.orders.back')}
        </Button>
      </Box>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('inventory.orders.one', { vendor: vendors.data?.find((v) => v.id === po.vendorId)?.name ?? '' })}
        </Typography>
        <Chip color="primary" variant="outlined" label={t(`inventory.orders.statuses.${po.status}`)} />
      </Box>
      <Typography color="text.secondary">
        {t('inventory.orders.facts', {
          date: formatDate(new Date(po.createdAt), prefs, { dateStyle: 'long' }),
          warehouse: warehouses.data?.find((w) => w.id === po.warehouseId)?.name ?? '',
        })}
      </Typography>
      {po.note ? <Typography>{po.note}</Typography> : null}
      {keeper ? (
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          {po.status === 'draft' ? (
            <Button variant="contained" loading={move.isPending} onClick={() => move.mutate('ordered')}>
              {t('inventory.orders.order')}
            </Button>
          ) : null}
          {canReceive ? (
            <Button variant="contained" onClick={() => setReceiving(true)}>
              {t('inventory.orders.receive')}
            </Button>
          ) : null}
          {po.status === 'draft' || po.status === 'ordered' ? (
            <Button color="error" onClick={() => setCancelling(true)}>
              {t('inventory.orders.cancel')}
            </Button>
          ) : null}
        </Box>
      ) : null}
      {move.error && !cancelling ? (
        <FormAlert
          message={isApiError(move.error, 409) ? t('inventory.orders.stale') : problemMessage(move.error, t)}
        />
      ) : null}
      <TableContainer component={Paper} variant="outlined">
        <Table aria-label={t('inventory.orders.lines')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('inventory.product')}</TableCell>
              <TableCell>{t('inventory.quantity')}</TableCell>
              <TableCell>{t('inventory.orders.received')}</TableCell>
              <TableCell>{t('inventory.orders.outstanding')}</TableCell>
              <TableCell>{t('inventory.orders.unitCost')}</TableCell>
              <TableCell>{t('inventory.orders.lineTotal')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {po.lines.map((line) => {
              const product = productOf(line.productId);
              return (
                <TableRow key={line.lineNo}>
                  <TableCell>{product ? productLabel(product, i18n.language) : ''}</TableCell>
                  <TableCell>{formatQuantity(line.quantity, prefs.digits)}</TableCell>
                  <TableCell>{formatQuantity(line.receivedQuantity, prefs.digits)}</TableCell>
                  <TableCell>{formatQuantity(outstanding(line), prefs.digits)}</TableCell>
                  <TableCell>{money(line.unitCost, po.currency)}</TableCell>
                  <TableCell>{money(lineCost(line), po.currency)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {receiving && warehouses.data ? (
        <ReceiveDialog
          order={po}
          productOf={productOf}
          warehouses={warehouses.data}
          onClose={() => setReceiving(false)}
        />
      ) : null}
      <ConfirmDialog
        open={cancelling}
        title={t('inventory.orders.cancelTitle')}
        message={t('inventory.orders.cancelExplain')}
        confirm={t('inventory.orders.cancel')}
        action={cancel}
        onClose={() => setCancelling(false)}
      />
    </Box>
  );
}

/** A quantity left blank or at zero: that line is not received now. */
function isNothing(quantity: string): boolean {
  return quantity === '' || (isDecimal(quantity) && compareAmounts(quantity, '0') === 0);
}

/**
 * What arrived: each outstanding line starts at what is still due, and lines left blank or at zero are
 * not received now. More than is outstanding is refused at that line's quantity.
 */
function ReceiveDialog({
  order,
  productOf,
  warehouses,
  onClose,
}: {
  order: PurchaseOrder;
  productOf: (productId: string) => Product | undefined;
  warehouses: Warehouse[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const receive = useReceiveGoods(order.id);
  const open = order.lines.filter((line) => outstanding(line) !== '0');
  const [quantities, setQuantities] = useState<Record<number, string>>(() =>
    Object.fromEntries(open.map((line) => [line.lineNo, outstanding(line)])),
  );
  const [warehouseId, setWarehouseId] = useState(order.warehouseId);
  const [note, setNote] = useState('');
  // The request's lines are the ones given a quantity, so its error paths (lines.N) count those.
  const sent = open.filter((line) => !isNothing(quantities[line.lineNo] ?? ''));
  const errors = fieldMessages(receive.error, t);
  const errorOf = (lineNo: number) => errors[`lines.${sent.findIndex((l) => l.lineNo === lineNo)}.quantity`];
  return (
    <FormDialog
      wide
      title={t('inventory.orders.receive')}
      submit={t('inventory.orders.receiveSave')}
      pending={receive.isPending}
      error={receive.error}
      shownPaths={(path) => ['warehouseId', 'note'].includes(path) || /^lines\.\d+\.quantity$/.test(path)}
      onSubmit={() =>
        receive.mutate(
          {
            warehouseId,
            note,
            lines: sent.map((line) => ({ lineNo: line.lineNo, quantity: quantities[line.lineNo] ?? '' })),
          },
          { onSuccess: onClose },
        )
      }
      onClose={onClose}
    >
      <WarehouseSelect
        warehouses={warehouses}
        value={warehouseId}
        onChange={setWarehouseId}
        label={t('inventory.orders.arrivesIn')}
        error={errors.warehouseId}
      />
      {open.map((line) => {
        const product = productOf(line.productId);
        return (
          <DecimalField
            key={line.lineNo}
            label={product ? productLabel(product, i18n.language) : t('inventory.product')}
            value={quantities[line.lineNo] ?? ''}
            onChange={(value) => setQuantities((current) => ({ ...current, [line.lineNo]: value }))}
            error={errorOf(line.lineNo)}
            helperText={t('inventory.orders.due', {
              quantity: formatQuantity(outstanding(line), prefs.digits),
            })}
          />
        );
      })}
      <TextField
        label={t('inventory.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={Boolean(errors.note)}
        helperText={errors.note}
      />
    </FormDialog>
  );
}
