import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { fieldMessages } from '../../ui/errors';
import { useMembers } from '../admin/api';
import { productLabel } from '../products/ProductPicker';
import {
  type StockLevel,
  type Threshold,
  useSaveThreshold,
  useStocktake,
  useThreshold,
  useTransfer,
  type Warehouse,
} from './api';
import { formatQuantity } from './format';
import { DecimalField, FormDialog, WarehouseSelect } from './parts';

interface RowDialogProps {
  level: StockLevel;
  warehouses: Warehouse[];
  onClose: () => void;
}

/** What the dialog is about: the product and how many are in the row's warehouse. */
function LevelSummary({ level, warehouses }: Omit<RowDialogProps, 'onClose'>) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const warehouse = warehouses.find((w) => w.id === level.warehouseId)?.name ?? '';
  return (
    <Typography>
      {t('inventory.levelSummary', {
        product: productLabel(level, i18n.language),
        warehouse,
        quantity: formatQuantity(level.quantity, prefs.digits),
        unit: level.unit,
      })}
    </Typography>
  );
}

/** Moves some of a row's stock to another warehouse; taking more than is there is refused at the quantity. */
export function TransferDialog({ level, warehouses, onClose }: RowDialogProps) {
  const { t } = useTranslation();
  const transfer = useTransfer();
  const [to, setTo] = useState(warehouses.find((w) => w.id !== level.warehouseId)?.id ?? '');
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const errors = fieldMessages(transfer.error, t);
  return (
    <FormDialog
      title={t('inventory.transfer.title')}
      submit={t('inventory.transfer.save')}
      pending={transfer.isPending}
      error={transfer.error}
      shownPaths={(path) => ['toWarehouseId', 'lines.0.quantity', 'note'].includes(path)}
      onSubmit={() =>
        transfer.mutate(
          {
            fromWarehouseId: level.warehouseId,
            toWarehouseId: to,
            note,
            lines: [{ productId: level.productId, quantity }],
          },
          { onSuccess: onClose },
        )
      }
      onClose={onClose}
    >
      <LevelSummary level={level} warehouses={warehouses} />
      <WarehouseSelect
        warehouses={warehouses}
        exclude={level.warehouseId}
        value={to}
        onChange={setTo}
        label={t('inventory.transfer.to')}
        error={errors.toWarehouseId}
      />
      <DecimalField
        label={t('inventory.quantity')}
        value={quantity}
        onChange={setQuantity}
        error={errors['lines.0.quantity']}
        required
        autoFocus
      />
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

/** A stocktake of one row: the counted quantity becomes an adjustment of the difference, with a reason. */
export function StocktakeDialog({ level, warehouses, onClose }: RowDialogProps) {
  const { t } = useTranslation();
  const stocktake = useStocktake();
  const [counted, setCounted] = useState(level.quantity);
  const [reason, setReason] = useState('');
  const errors = fieldMessages(stocktake.error, t);
  return (
    <FormDialog
      title={t('inventory.stocktake.title')}
      submit={t('inventory.stocktake.save')}
      pending={stocktake.isPending}
      error={stocktake.error}
      shownPaths={(path) => ['lines.0.countedQuantity', 'reason'].includes(path)}
      onSubmit={() =>
        stocktake.mutate(
          {
            warehouseId: level.warehouseId,
            reason,
            lines: [{ productId: level.productId, countedQuantity: counted }],
          },
          { onSuccess: onClose },
        )
      }
      onClose={onClose}
    >
      <LevelSummary level={level} warehouses={warehouses} />
      <DecimalField
        label={t('inventory.stocktake.counted')}
        value={counted}
        onChange={setCounted}
        error={errors['lines.0.countedQuantity']}
        required
      />
      <TextField
        label={t('inventory.stocktake.reason')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={Boolean(errors.reason)}
        helperText={errors.reason ?? t('inventory.stocktake.reasonHelp')}
        required
        autoFocus
      />
    </FormDialog>
  );
}

/** A product's low-stock threshold over every warehouse, and who buys more when it is reached. */
export function ThresholdDialog({ level, warehouses, onClose }: RowDialogProps) {
  const current = useThreshold(level.productId);
  // The form starts from the saved threshold, so it opens once that is known.
  if (current.isPending) return null;
  return (
    <ThresholdForm level={level} warehouses={warehouses} current={current.data ?? null} onClose={onClose} />
  );
}

function ThresholdForm({
  level,
  warehouses,
  current,
  onClose,
}: RowDialogProps & { current: Threshold | null }) {
  const { t } = useTranslation();
  const members = useMembers();
  const save = useSaveThreshold(level.productId, current);
  const [threshold, setThreshold] = useState(current?.threshold ?? '');
  const [buyerId, setBuyerId] = useState(current?.buyerId ?? '');
  const errors = fieldMessages(save.error, t);
  return (
    <FormDialog
      title={t('inventory.threshold.title')}
      submit={t('common.save')}
      pending={save.isPending}
      error={save.error}
      shownPaths={(path) => ['threshold', 'buyerId'].includes(path)}
      onSubmit={() => save.mutate({ threshold, buyerId: buyerId || null }, { onSuccess: onClose })}
      onClose={onClose}
    >
      <LevelSummary level={level} warehouses={warehouses} />
      <DecimalField
        label={t('inventory.threshold.threshold')}
        value={threshold}
        onChange={setThreshold}
        error={errors.threshold}
        helperText={t('inventory.threshold.help')}
        required
        autoFocus
      />
      <TextField
        select
        label={t('inventory.threshold.buyer')}
        value={buyerId}
        onChange={(event) => setBuyerId(event.target.value)}
        error={Boolean(errors.buyerId)}
        helperText={errors.buyerId ?? t('inventory.threshold.buyerHelp')}
      >
        <MenuItem value="">{t('inventory.threshold.noBuyer')}</MenuItem>
        {(members.data ?? [])
          .filter((member) => member.status === 'active')
          .map((member) => (
            <MenuItem key={member.id} value={member.id}>
              {member.name}
            </MenuItem>
          ))}
      </TextField>
    </FormDialog>
  );
}
