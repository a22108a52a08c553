import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { CURRENCIES, isDecimal } from '@peyvand/billing';
import { toLatinDigits } from '@peyvand/persian';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { serverPathError } from '../../ui/errors';
import { formatNumber, localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { PageLoader } from '../../ui/PageLoader';
import { formatDay } from '../billing/format';
import {
  type PriceList,
  type PriceListSummary,
  type Product,
  useCustomerGroups,
  useDeleteRecord,
  usePriceList,
  usePriceLists,
  useProduct,
  useSaveRecord,
} from './api';
import { formatPrice } from './money';
import { ProductPicker } from './ProductPicker';
import { RecordDialog } from './RecordDialog';
import { SetupTable } from './SetupTable';

/** Price lists: prices per customer group (or for everyone), valid between two days. */
export default function PriceListsTab() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const lists = usePriceLists();
  const groups = useCustomerGroups();
  const [open, setOpen] = useState<string | 'new' | null>(null);
  const groupName = (id: string | null) =>
    id ? (groups.data?.find((g) => g.id === id)?.name ?? '') : t('products.priceLists.everyone');
  return (
    <>
      <SetupTable
        title={t('products.tabs.priceLists')}
        query={lists}
        createLabel={t('products.priceLists.create')}
        onCreate={() => setOpen('new')}
        onOpen={(list) => setOpen(list.id)}
        columns={[
          { label: t('products.priceLists.name'), value: (l: PriceListSummary) => l.name },
          { label: t('products.priceLists.group'), value: (l) => groupName(l.customerGroupId) },
          { label: t('products.priceLists.validity'), value: (l) => validity(l) },
          { label: t('products.priceLists.items'), value: (l) => formatNumber(l.itemCount, prefs) },
        ]}
      />
      {open === 'new' ? <PriceListDialog onClose={() => setOpen(null)} /> : null}
      {open && open !== 'new' ? <OpenPriceList id={open} onClose={() => setOpen(null)} /> : null}
    </>
  );

  function validity(list: Pick<PriceList, 'validFrom' | 'validTo'>): string {
    if (!list.validFrom && !list.validTo) return t('products.priceLists.always');
    if (!list.validTo) return t('products.priceLists.since', { from: formatDay(list.validFrom, prefs) });
    if (!list.validFrom) return t('products.priceLists.until', { to: formatDay(list.validTo, prefs) });
    return t('products.priceLists.between', {
      from: formatDay(list.validFrom, prefs),
      to: formatDay(list.validTo, prefs),
    });
  }
}

/** A list's items come with the list itself, so its form opens once it has loaded. */
function OpenPriceList({ id, onClose }: { id: string; onClose: () => void }) {
  const list = usePriceList(id);
  if (!list.data) return <PageLoader />;
  return <PriceListDialog key={list.data.version} list={list.data} onClose={onClose} />;
}

/** Figures are kept in Latin digits (what the API reads) and shown in the user's. */
interface Item {
  key: number;
  productId: string | null;
  /** The product once picked here; for a saved item it loads by id. */
  product: Product | null;
  variantSku: string | null;
  minQuantity: string;
  unitPrice: string;
}

let nextKey = 1;
const emptyItem = (): Item => ({
  key: nextKey++,
  productId: null,
  product: null,
  variantSku: null,
  minQuantity: '1',
  unitPrice: '',
});

function PriceListDialog({ list, onClose }: { list?: PriceList; onClose: () => void }) {
  const { t } = useTranslation();
  const groups = useCustomerGroups();
  const tenantCurrency = useMe().data?.tenant?.settings.currency ?? 'IRR';
  const [name, setName] = useState(list?.name ?? '');
  const [currency, setCurrency] = useState(list?.currency ?? tenantCurrency);
  const [customerGroupId, setGroup] = useState<string | null>(list?.customerGroupId ?? null);
  const [validFrom, setValidFrom] = useState<string | null>(list?.validFrom ?? null);
  const [validTo, setValidTo] = useState<string | null>(list?.validTo ?? null);
  const [items, setItems] = useState<Item[]>(() =>
    (list?.items ?? []).map((item) => ({ ...item, key: nextKey++, product: null })),
  );
  const save = useSaveRecord<Omit<PriceList, 'id' | 'version'>, PriceList>('price-lists', list);
  const remove = useDeleteRecord('price-lists', list);
  const errorOf = (path: string) => serverPathError(save.error, path, t);
  const change = (key: number, patch: Partial<Item>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  const submit = () =>
    save.mutate(
      {
        name,
        currency,
        customerGroupId,
        validFrom,
        validTo,
        // An item with no product yet is sent as it is, so the server names it (items.N.productId).
        items: items.map(({ productId, variantSku, minQuantity, unitPrice }) => ({
          productId: productId ?? '',
          variantSku,
          minQuantity,
          unitPrice,
        })),
      },
      { onSuccess: onClose },
    );
  return (
    <RecordDialog
      title={list ? list.name : t('products.priceLists.create')}
      maxWidth="md"
      onClose={onClose}
      onSubmit={submit}
      save={save}
      remove={
        list
          ? {
              title: t('products.priceLists.deleteTitle'),
              message: t('products.priceLists.deleteMessage'),
              action: remove,
            }
          : undefined
      }
    >
      <TextField
        name="name"
        label={t('products.priceLists.name')}
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={Boolean(errorOf('name'))}
        helperText={errorOf('name')}
      />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          select
          name="customerGroupId"
          label={t('products.priceLists.group')}
          value={customerGroupId ?? ''}
          onChange={(event) => setGroup(event.target.value || null)}
          error={Boolean(errorOf('customerGroupId'))}
          helperText={errorOf('customerGroupId')}
        >
          <MenuItem value="">{t('products.priceLists.everyone')}</MenuItem>
          {(groups.data ?? []).map((group) => (
            <MenuItem key={group.id} value={group.id}>
              {group.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          name="currency"
          label={t('products.priceLists.currency')}
          value={currency}
          onChange={(event) => setCurrency(event.target.value)}
          error={Boolean(errorOf('currency'))}
          helperText={errorOf('currency')}
        >
          {CURRENCIES.map((code) => (
            <MenuItem key={code} value={code}>
              {code === 'IRR' ? t('sales.forecast.rial') : code}
            </MenuItem>
          ))}
        </TextField>
        <LazyDateField
          name="validFrom"
          label={t('products.priceLists.validFrom')}
          value={validFrom}
          onChange={setValidFrom}
          error={errorOf('validFrom')}
        />
        <LazyDateField
          name="validTo"
          label={t('products.priceLists.validTo')}
          value={validTo}
          onChange={setValidTo}
          error={errorOf('validTo')}
        />
      </Box>
      <Typography variant="h3" component="h3">
        {t('products.priceLists.prices')}
      </Typography>
      {items.map((item, index) => (
        <ItemRow
          key={item.key}
          item={item}
          index={index}
          currency={currency}
          errorOf={errorOf}
          onChange={(patch) => change(item.key, patch)}
          onRemove={() => setItems((all) => all.filter((other) => other.key !== item.key))}
        />
      ))}
      <Box>
        <Button startIcon={<Add />} onClick={() => setItems((all) => [...all, emptyItem()])}>
          {t('products.priceLists.addItem')}
        </Button>
      </Box>
    </RecordDialog>
  );
}

function ItemRow({
  item,
  index,
  currency,
  errorOf,
  onChange,
  onRemove,
}: {
  item: Item;
  index: number;
  currency: string;
  errorOf: (field: string) => string | undefined;
  onChange: (patch: Partial<Item>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const moneyDisplay = useMe().data?.tenant?.settings.moneyDisplay;
  const saved = useProduct(item.product ? undefined : (item.productId ?? undefined));
  const at = (field: string) => errorOf(`items.${index}.${field}`);
  const price = isDecimal(item.unitPrice)
    ? formatPrice(item.unitPrice, currency, prefs, moneyDisplay)
    : undefined;
  return (
    <Paper
      variant="outlined"
      role="group"
      aria-label={t('products.priceLists.itemN', { n: formatNumber(index + 1, prefs) })}
      sx={{
        p: 1.5,
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: { xs: '1fr 1fr auto', md: '3fr 1fr 1.5fr auto' },
        alignItems: 'start',
      }}
    >
      <ProductPicker
        sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
        size="small"
        label={t('products.priceLists.product')}
        value={item.product ?? saved.data ?? null}
        onChange={(product) => onChange({ product, productId: product?.id ?? null, variantSku: null })}
        error={at('productId') ?? at('variantSku')}
      />
      <TextField
        size="small"
        name={`items.${index}.minQuantity`}
        label={t('products.priceLists.minQuantity')}
        value={localizeDigits(item.minQuantity, prefs.digits)}
        onChange={(event) => onChange({ minQuantity: toLatinDigits(event.target.value.trim()) })}
        error={Boolean(at('minQuantity'))}
        helperText={at('minQuantity')}
        slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'decimal' } }}
      />
      <TextField
        size="small"
        name={`items.${index}.unitPrice`}
        label={t('products.priceLists.unitPrice')}
        value={localizeDigits(item.unitPrice, prefs.digits)}
        onChange={(event) => onChange({ unitPrice: toLatinDigits(event.target.value.trim()) })}
        error={Boolean(at('unitPrice'))}
        helperText={at('unitPrice') ?? price}
        slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'decimal' } }}
      />
      <IconButton aria-label={t('products.priceLists.removeItem')} onClick={onRemove}>
        <DeleteOutlined />
      </IconButton>
    </Paper>
  );
}
