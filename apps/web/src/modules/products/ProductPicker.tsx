import Autocomplete from '@mui/material/Autocomplete';
import type { SxProps, Theme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useDebounced } from '../../ui/lists/url';
import { nameIn, type Product, productKeys } from './api';

/** 'KARA-14 · لپ‌تاپ کارا ۱۴': the SKU, then the name in the UI language (the Persian one when there is no other). */
export function productLabel(product: Pick<Product, 'sku' | 'nameFa' | 'nameEn'>, language: string): string {
  return `${product.sku} · ${nameIn(product, language)}`;
}

/**
 * Picks an active catalogue product by SKU or name, searched on the server as the user types; `accept`
 * narrows the choices further (e.g. stock-tracked goods only).
 */
export function ProductPicker({
  value,
  onChange,
  label,
  error,
  accept = () => true,
  size,
  sx,
}: {
  value: Product | null;
  onChange: (product: Product | null) => void;
  label: string;
  error?: string | undefined;
  accept?: (product: Product) => boolean;
  size?: 'small' | 'medium';
  sx?: SxProps<Theme>;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const products = useQuery({
    queryKey: [...productKeys.all, 'picker', q],
    queryFn: () =>
      api.get<{ items: Product[] }>(`/api/v1/products?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  });
  return (
    <Autocomplete
      sx={sx}
      options={products.data?.items.filter((p) => p.active && accept(p)) ?? []}
      getOptionLabel={(product) => productLabel(product, i18n.language)}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      value={value}
      onChange={(_event, product) => onChange(product)}
      onInputChange={(_event, typed) => setText(typed)}
      filterOptions={(options) => options}
      loading={products.isFetching}
      noOptionsText={t('search.none')}
      renderInput={(params) => (
        <TextField {...params} size={size} label={label} error={Boolean(error)} helperText={error} />
      )}
    />
  );
}
