// The lines of a quote, an invoice or a deal: catalogue products (priced by the server for the customer)
// or free text, with quantity, unit price, a percent discount and a tax class; each row shows the
// server's error for it. Live totals come from packages/billing, as on the server.
import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import { CURRENCY_PLACES, type DocumentTotals, documentTotals, isDecimal } from '@peyvand/billing';
import { toLatinDigits } from '@peyvand/persian';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { errorPath, fieldMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, localizeDigits } from '../../ui/format';
import { nameIn, type Product, type TaxClass, useTaxClasses } from '../products/api';
import { ProductPicker } from '../products/ProductPicker';
import type { Discount, LineInput } from './api';

/** Figures are kept in Latin digits (what the API and packages/billing read) and shown in the user's. */
export interface Line {
  key: number;
  product: Product | null;
  description: string;
  quantity: string;
  unitPrice: string;
  /** The unit price came from the server's price for the customer, not typed: it is not sent. */
  priced: boolean;
  /** A tax class chosen for this line; null: the product's, else the organisation's default. */
  taxClassId: string | null;
  taxRate: string;
  discountPercent: string;
  /** A fixed-amount discount set through the API: kept as it is unless a percentage is typed. */
  amountDiscount: string | null;
}

/** A line's state → the request path the server names in its errors. */
const FIELD_PATHS: Record<string, string> = { product: 'productId', discountPercent: 'discount.value' };

let nextKey = 1;
export function emptyLine(taxRate: string): Line {
  return {
    key: nextKey++,
    product: null,
    description: '',
    quantity: '1',
    unitPrice: '',
    priced: false,
    taxClassId: null,
    taxRate,
    discountPercent: '',
    amountDiscount: null,
  };
}

/** The live totals, or undefined while a figure is not a number yet. */
export function liveTotals(
  currency: string,
  lines: Line[],
  discountPercent: string,
): DocumentTotals | undefined {
  if (CURRENCY_PLACES[currency] === undefined) return undefined;
  const numbers = [discountPercent || '0', ...lines.flatMap((l) => [l.quantity, l.unitPrice, l.taxRate])];
  if (!numbers.every(isDecimal) || lines.some((l) => l.discountPercent && !isDecimal(l.discountPercent)))
    return undefined;
  // The same function the server runs on save; the server recomputes (totals sent are ignored), so this is
  // what the user will get, not what decides it.
  return documentTotals({
    currency,
    lines: lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxRate: l.taxRate,
      discount: lineDiscount(l),
    })),
    discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
  });
}

function lineDiscount(line: Line): Discount | null {
  if (line.discountPercent) return { kind: 'percent', value: line.discountPercent };
  return line.amountDiscount ? { kind: 'amount', value: line.amountDiscount } : null;
}

/** A saved line (of a draft or a deal) as the form edits it: its own price, class and discount. */
export function lineOf(saved: SourceLine, products: Product[]): Line {
  return {
    ...emptyLine(saved.taxRate ?? ''),
    product: products.find((p) => p.id === saved.productId) ?? null,
    description: saved.description,
    quantity: saved.quantity,
    unitPrice: saved.unitPrice,
    taxClassId: saved.taxClassId ?? null,
    discountPercent: saved.discount?.kind === 'percent' ? saved.discount.value : '',
    amountDiscount: saved.discount?.kind === 'amount' ? saved.discount.value : null,
  };
}

export interface SourceLine {
  productId?: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount?: Discount | null;
  taxClassId?: string | null;
  taxRate?: string;
}

/** The server's field errors of a 422 by path (`lines.2.quantity`), less those edited since. */
export function serverErrors(
  error: unknown,
  edited: ReadonlySet<string>,
  t: TFunction,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (isApiError(error, 422))
    for (const e of error.problem.errors ?? []) {
      const path = errorPath(e.path);
      if (!edited.has(path)) errors[path] ??= fieldMessage(e, t);
    }
  return errors;
}

/** A line as the API takes it: a priced product line leaves its unit price to the server. */
export function lineInputOf(l: Line): LineInput {
  return {
    ...(l.product ? { productId: l.product.id } : {}),
    ...(l.description.trim() ? { description: l.description.trim() } : {}),
    quantity: l.quantity,
    ...(l.product && l.priced ? {} : { unitPrice: l.unitPrice }),
    ...(l.taxClassId ? { taxClassId: l.taxClassId } : {}),
    discount: lineDiscount(l),
  };
}

/**
 * The rows, an "add line" button, and a line error the rows cannot show. `errors` are the server's by
 * path (`lines.2.quantity`); `onEdited` hears the paths a change makes stale. A product picked is priced
 * for `accountId` (price lists, groups, quantity breaks) by GET /api/v1/prices.
 */
export function LinesEditor({
  lines,
  onLines,
  errors,
  onEdited,
  accountId,
  defaultRate,
  minLines = 1,
}: {
  lines: Line[];
  onLines: (update: (lines: Line[]) => Line[]) => void;
  errors: Record<string, string>;
  onEdited: (paths: string[]) => void;
  accountId: string | undefined;
  defaultRate: string;
  /** A document has at least one line; a deal may have none. */
  minLines?: number;
}) {
  const { t, i18n } = useTranslation();
  const taxClasses = useTaxClasses().data ?? [];
  const lineErrorKeys = Object.keys(errors).filter((key) => key.startsWith('lines'));

  const change = (key: number, patch: Partial<Line>) => {
    const index = lines.findIndex((l) => l.key === key);
    const names = Object.keys(patch).map((name) => FIELD_PATHS[name] ?? name);
    onEdited(names.map((name) => `lines.${index}.${name}`));
    onLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  };

  /** The customer's price of a product, from the server (price lists, groups, quantity breaks). */
  const pickProduct = async (line: Line, product: Product | null) => {
    change(line.key, {
      product,
      description: product ? nameIn(product, i18n.language) : '',
      priced: Boolean(product),
      taxClassId: null,
      taxRate: product?.taxClass.rate ?? defaultRate,
    });
    if (!product) return;
    const query = new URLSearchParams({ productId: product.id, quantity: line.quantity || '1' });
    if (accountId) query.set('accountId', accountId);
    try {
      const price = await api.get<{ unitPrice: string; taxClass: { rate: string } }>(
        `/api/v1/prices?${query}`,
      );
      change(line.key, { unitPrice: price.unitPrice, taxRate: price.taxClass.rate });
    } catch {
      change(line.key, { unitPrice: product.basePrice });
    }
  };

  /** A tax class chosen for a line (or none: back to the product's, else the default). */
  const pickTaxClass = (line: Line, taxClassId: string | null) => {
    const chosen = taxClasses.find((c) => c.id === taxClassId);
    change(line.key, {
      taxClassId: chosen?.id ?? null,
      taxRate: chosen?.rate ?? line.product?.taxClass.rate ?? defaultRate,
    });
  };

  return (
    <>
      {lines.map((line, index) => (
        <LineRow
          key={line.key}
          line={line}
          index={index}
          errors={errors}
          taxClasses={taxClasses}
          onChange={(patch) => change(line.key, patch)}
          onProduct={(product) => void pickProduct(line, product)}
          onTaxClass={(taxClassId) => pickTaxClass(line, taxClassId)}
          onRemove={
            lines.length > minLines ? () => onLines((all) => all.filter((l) => l !== line)) : undefined
          }
        />
      ))}
      {lineErrorKeys.length > 0 && lineErrorKeys.every((key) => !/^lines\.\d+\./.test(key)) ? (
        <FormAlert message={errors[lineErrorKeys[0] as string]} />
      ) : null}
      <Box>
        <Button startIcon={<Add />} onClick={() => onLines((all) => [...all, emptyLine(defaultRate)])}>
          {t('billing.addLine')}
        </Button>
      </Box>
    </>
  );
}

function LineRow({
  line,
  index,
  errors,
  taxClasses,
  onChange,
  onProduct,
  onTaxClass,
  onRemove,
}: {
  line: Line;
  index: number;
  errors: Record<string, string>;
  taxClasses: TaxClass[];
  onChange: (patch: Partial<Line>) => void;
  onProduct: (product: Product | null) => void;
  onTaxClass: (taxClassId: string | null) => void;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const at = (field: string) => errors[`lines.${index}.${field}`];
  const number = { htmlInput: { inputMode: 'decimal' as const } };
  return (
    <Paper
      variant="outlined"
      sx={{
        p: 1.5,
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: { xs: '1fr 1fr', md: '2fr 2fr 1fr 1.2fr 1fr 1.2fr auto' },
        alignItems: 'start',
      }}
      aria-label={t('billing.lineN', { n: formatNumber(index + 1, prefs) })}
      role="group"
    >
      <ProductPicker
        sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
        size="small"
        label={t('billing.product')}
        value={line.product}
        onChange={onProduct}
        error={at('productId')}
      />
      <TextField
        sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
        size="small"
        label={t('billing.description')}
        value={line.description}
        onChange={(event) => onChange({ description: event.target.value })}
        error={Boolean(at('description'))}
        helperText={at('description')}
      />
      <TextField
        size="small"
        label={t('billing.quantity')}
        value={localizeDigits(line.quantity, prefs.digits)}
        onChange={(event) => onChange({ quantity: toLatinDigits(event.target.value.trim()) })}
        slotProps={number}
        error={Boolean(at('quantity'))}
        helperText={at('quantity')}
      />
      <TextField
        size="small"
        label={t('billing.unitPrice')}
        value={localizeDigits(line.unitPrice, prefs.digits)}
        onChange={(event) => onChange({ unitPrice: toLatinDigits(event.target.value.trim()), priced: false })}
        slotProps={number}
        error={Boolean(at('unitPrice'))}
        helperText={at('unitPrice')}
      />
      <TextField
        size="small"
        label={t('billing.discountPercent')}
        value={localizeDigits(line.discountPercent, prefs.digits)}
        onChange={(event) => onChange({ discountPercent: toLatinDigits(event.target.value.trim()) })}
        slotProps={number}
        error={Boolean(at('discount.value'))}
        helperText={at('discount.value')}
      />
      <TextField
        select
        size="small"
        label={t('billing.taxClass')}
        value={line.taxClassId ?? ''}
        onChange={(event) => onTaxClass(event.target.value || null)}
        error={Boolean(at('taxClassId'))}
        helperText={at('taxClassId')}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">
          {t('billing.taxOfProduct', { rate: localizeDigits(line.taxRate, prefs.digits) })}
        </MenuItem>
        {taxClasses.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {t('billing.taxClassOption', { name: c.name, rate: localizeDigits(c.rate, prefs.digits) })}
          </MenuItem>
        ))}
      </TextField>
      <IconButton
        aria-label={t('billing.removeLine')}
        onClick={onRemove}
        disabled={!onRemove}
        sx={{ justifySelf: 'end' }}
      >
        <DeleteOutlined />
      </IconButton>
    </Paper>
  );
}
