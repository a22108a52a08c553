import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { fieldMessages } from '../../ui/errors';
import { formatNumber } from '../../ui/format';
import type { Product } from '../products/api';
import { ProductPicker } from '../products/ProductPicker';
import { useCreatePurchaseOrder, useVendors, useWarehouses } from './api';
import { DecimalField, FormDialog, WarehouseSelect } from './parts';
import { VendorDialog } from './VendorsTab';

interface Line {
  key: number;
  product: Product | null;
  quantity: string;
  unitCost: string;
}
let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, product: null, quantity: '1', unitCost: '' });

/**
 * A new purchase order (a draft): the vendor (or a new one, made here), the warehouse the goods arrive
 * in (the default one first), and lines of stock-tracked products with quantity and unit cost. A 422 is
 * shown at its field; the order then opens.
 */
export function PurchaseOrderForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const vendors = useVendors();
  const warehouses = useWarehouses();
  const create = useCreatePurchaseOrder();
  const [vendorId, setVendorId] = useState('');
  const [addingVendor, setAddingVendor] = useState(false);
  const [chosenWarehouse, setWarehouseId] = useState<string | null>(null);
  const warehouseId = chosenWarehouse ?? warehouses.data?.find((w) => w.isDefault)?.id ?? '';
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<Line[]>(() => [emptyLine()]);
  const errors = fieldMessages(create.error, t);
  const change = (key: number, patch: Partial<Line>) =>
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  return (
    <>
      <FormDialog
        wide
        title={t('inventory.orders.create')}
        submit={t('inventory.orders.save')}
        pending={create.isPending}
        error={create.error}
        shownPaths={(path) =>
          ['vendorId', 'warehouseId', 'note'].includes(path) ||
          /^lines\.\d+\.(productId|quantity|unitCost)$/.test(path)
        }
        onSubmit={() =>
          create.mutate(
            {
              vendorId,
              warehouseId,
              note,
              lines: lines.map((l) => ({
                productId: l.product?.id ?? '',
                quantity: l.quantity,
                unitCost: l.unitCost,
              })),
            },
            { onSuccess: (order) => navigate(`/inventory/purchase-orders/${order.id}`) },
          )
        }
        onClose={onClose}
      >
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr auto 1fr' } }}>
          <TextField
            select
            label={t('inventory.orders.vendor')}
            value={vendorId}
            onChange={(event) => setVendorId(event.target.value)}
            error={Boolean(errors.vendorId)}
            helperText={errors.vendorId}
            required
          >
            {(vendors.data ?? []).map((vendor) => (
              <MenuItem key={vendor.id} value={vendor.id}>
                {vendor.name}
              </MenuItem>
            ))}
          </TextField>
          <Button startIcon={<Add />} onClick={() => setAddingVendor(true)} sx={{ alignSelf: 'center' }}>
            {t('inventory.vendors.create')}
          </Button>
          <WarehouseSelect
            warehouses={warehouses.data ?? []}
            value={warehouseId}
            onChange={setWarehouseId}
            label={t('inventory.orders.arrivesIn')}
            error={errors.warehouseId}
          />
        </Box>
        <Typography variant="h2">{t('inventory.orders.lines')}</Typography>
        {lines.map((line, index) => (
          <Paper
            key={line.key}
            variant="outlined"
            role="group"
            aria-label={t('inventory.orders.lineN', { n: formatNumber(index + 1, prefs) })}
            sx={{
              p: 1.5,
              display: 'grid',
              gap: 1.5,
              gridTemplateColumns: { xs: '1fr 1fr', md: '3fr 1fr 1.5fr auto' },
              alignItems: 'start',
            }}
          >
            <ProductPicker
              sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
              size="small"
              label={t('inventory.product')}
              value={line.product}
              onChange={(product) => change(line.key, { product })}
              accept={(product) => product.stockTracked}
              error={errors[`lines.${index}.productId`]}
            />
            <DecimalField
              size="small"
              label={t('inventory.quantity')}
              value={line.quantity}
              onChange={(quantity) => change(line.key, { quantity })}
              error={errors[`lines.${index}.quantity`]}
            />
            <DecimalField
              size="small"
              label={t('inventory.orders.unitCost')}
              value={line.unitCost}
              onChange={(unitCost) => change(line.key, { unitCost })}
              error={errors[`lines.${index}.unitCost`]}
            />
            <IconButton
              aria-label={t('inventory.orders.removeLine')}
              disabled={lines.length === 1}
              onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))}
              sx={{ justifySelf: 'end' }}
            >
              <DeleteOutlined />
            </IconButton>
          </Paper>
        ))}
        <Box>
          <Button startIcon={<Add />} onClick={() => setLines((all) => [...all, emptyLine()])}>
            {t('inventory.orders.addLine')}
          </Button>
        </Box>
        <TextField
          label={t('inventory.note')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={Boolean(errors.note)}
          helperText={errors.note}
          multiline
          minRows={2}
        />
      </FormDialog>
      {addingVendor ? (
        <VendorDialog
          vendor={undefined}
          onClose={() => setAddingVendor(false)}
          onSaved={(vendor) => setVendorId(vendor.id)}
        />
      ) : null}
    </>
  );
}
