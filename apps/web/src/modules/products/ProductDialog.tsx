import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { formatNumber } from '@peyvand/persian';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { serverFieldError } from '../../ui/errors';
import {
  KINDS,
  type Kind,
  nameIn,
  type Product,
  type ProductInput,
  useCategories,
  useDeleteRecord,
  useSaveRecord,
  useTaxClasses,
} from './api';
import { formatPrice, priceWithTax } from './money';
import { OptionsEditor } from './OptionsEditor';
import { RecordDialog } from './RecordDialog';

const inputOf = (p: Product | undefined, defaultTaxClass: string): ProductInput => ({
  kind: p?.kind ?? 'good',
  sku: p?.sku ?? '',
  nameFa: p?.nameFa ?? '',
  nameEn: p?.nameEn ?? '',
  description: p?.description ?? '',
  unit: p?.unit ?? '',
  basePrice: p?.basePrice ?? '',
  active: p?.active ?? true,
  stockTracked: p?.stockTracked ?? false,
  options: p?.options ?? [],
  taxClassId: p?.taxClass.id ?? defaultTaxClass,
  categoryId: p?.categoryId ?? null,
});

/** Create or edit one product: its fields, tax class, category and options; saved with If-Match. */
export function ProductDialog({ product, onClose }: { product?: Product; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const settings = useMe().data?.tenant?.settings;
  const moneyDisplay = settings?.moneyDisplay;
  const currency = product?.currency ?? settings?.currency ?? 'IRR';
  const taxClasses = useTaxClasses();
  const categories = useCategories();
  const defaultTaxClass = taxClasses.data?.find((c) => c.isDefault)?.id ?? '';
  const [values, setValues] = useState<ProductInput>(() => inputOf(product, defaultTaxClass));
  const save = useSaveRecord<ProductInput, Product>('products', product);
  const remove = useDeleteRecord('products', product);
  const set = <K extends keyof ProductInput>(key: K, value: ProductInput[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const errorOf = (field: string) => serverFieldError(save.error, field, t);
  const taxClassId = values.taxClassId || defaultTaxClass;
  const withTax = priceWithTax(
    values.basePrice,
    currency,
    taxClasses.data?.find((c) => c.id === taxClassId)?.rate ?? '',
  );
  const priceHelp = withTax
    ? t('products.withTax', {
        price: formatPrice(values.basePrice, currency, prefs, moneyDisplay),
        total: formatPrice(withTax, currency, prefs, moneyDisplay),
      })
    : undefined;

  const text = (
    key: 'sku' | 'nameFa' | 'nameEn' | 'unit' | 'basePrice',
    dir: 'ltr' | 'rtl',
    required = true,
  ) => (
    <TextField
      name={key}
      label={t(`products.${key}`)}
      value={values[key]}
      required={required}
      onChange={(event) => set(key, event.target.value)}
      error={Boolean(errorOf(key))}
      helperText={errorOf(key) ?? (key === 'basePrice' ? priceHelp : undefined)}
      slotProps={{ htmlInput: { dir, ...(key === 'basePrice' ? { inputMode: 'decimal' } : {}) } }}
    />
  );

  return (
    <RecordDialog
      title={product ? product.sku : t('products.create')}
      maxWidth="md"
      onClose={onClose}
      onSubmit={() => save.mutate({ ...values, taxClassId }, { onSuccess: onClose })}
      save={save}
      remove={
        product
          ? { title: t('products.deleteTitle'), message: t('products.deleteMessage'), action: remove }
          : undefined
      }
    >
      <TextField
        select
        name="kind"
        label={t('products.kind')}
        value={values.kind}
        onChange={(event) => set('kind', event.target.value as Kind)}
      >
        {KINDS.map((kind) => (
          <MenuItem key={kind} value={kind}>
            {t(`products.kinds.${kind}`)}
          </MenuItem>
        ))}
      </TextField>
      {text('sku', 'ltr')}
      {text('nameFa', 'rtl')}
      {text('nameEn', 'ltr', false)}
      {text('unit', 'rtl')}
      {text('basePrice', 'ltr')}
      <TextField
        select
        name="taxClassId"
        label={t('products.taxClass')}
        value={taxClassId}
        onChange={(event) => set('taxClassId', event.target.value)}
        error={Boolean(errorOf('taxClassId'))}
        helperText={errorOf('taxClassId')}
      >
        {(taxClasses.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {t('products.taxClassOption', { name: c.name, rate: formatNumber(c.rate, prefs) })}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        name="categoryId"
        label={t('products.category')}
        value={values.categoryId ?? ''}
        onChange={(event) => set('categoryId', event.target.value || null)}
        error={Boolean(errorOf('categoryId'))}
        helperText={errorOf('categoryId')}
      >
        <MenuItem value="">{t('products.noCategory')}</MenuItem>
        {(categories.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {nameIn(c, i18n.language)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        name="description"
        label={t('products.description')}
        value={values.description}
        multiline
        minRows={2}
        onChange={(event) => set('description', event.target.value)}
      />
      <FormControlLabel
        control={<Switch checked={values.active} onChange={(event) => set('active', event.target.checked)} />}
        label={t('products.active')}
      />
      <FormControlLabel
        control={
          <Switch
            checked={values.stockTracked}
            disabled={values.kind !== 'good'}
            onChange={(event) => set('stockTracked', event.target.checked)}
          />
        }
        label={t('products.stockTracked')}
      />
      <OptionsEditor
        value={values.options}
        onChange={(options) => set('options', options)}
        error={save.error}
      />
    </RecordDialog>
  );
}
