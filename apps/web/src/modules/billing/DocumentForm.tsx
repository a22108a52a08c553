import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { CURRENCY_PLACES, type DocumentTotals, documentTotals, isDecimal } from '@peyvand/billing';
import { toLatinDigits } from '@peyvand/persian';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { errorPath, fieldMessage, problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { type CustomerRecord, type ListPage, titleOf } from '../customers/api';
import { type Product, useTaxClasses } from '../products/api';
import { ProductPicker } from '../products/ProductPicker';
import { AccountPicker } from './AccountPicker';
import { type LineInput, PLURAL, useCreateDocument } from './api';
import { TotalsTable } from './TotalsTable';

/** Figures are kept in Latin digits (what the API and packages/billing read) and shown in the user's. */
interface Line {
  key: number;
  product: Product | null;
  description: string;
  quantity: string;
  unitPrice: string;
  /** The unit price came from the server's price for the customer, not typed: it is not sent. */
  priced: boolean;
  taxRate: string;
  discountPercent: string;
}

/** A line's state → the request path the server names in its errors. */
const FIELD_PATHS: Record<string, string> = { product: 'productId', discountPercent: 'discount.value' };

let nextKey = 1;
function emptyLine(taxRate: string): Line {
  return {
    key: nextKey++,
    product: null,
    description: '',
    quantity: '1',
    unitPrice: '',
    priced: false,
    taxRate,
    discountPercent: '',
  };
}

/** The live totals, or undefined while a figure is not a number yet. */
function liveTotals(currency: string, lines: Line[], discountPercent: string): DocumentTotals | undefined {
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
      discount: l.discountPercent ? { kind: 'percent', value: l.discountPercent } : null,
    })),
    discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
  });
}

/**
 * A new quote or invoice (a draft): the account and contact, lines of catalogue products (priced by the
 * server for this customer) or free text, discounts, notes, with live totals. A 422 is shown at its line.
 */
export function DocumentForm({ type, onClose }: { type: 'quote' | 'invoice'; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const prefs = useFormatPrefs();
  const currency = useMe().data?.tenant?.settings?.currency ?? 'IRR';
  const defaultRate = useTaxClasses().data?.find((c) => c.isDefault)?.rate ?? '0';
  const [account, setAccount] = useState<CustomerRecord | null>(null);
  const [contact, setContact] = useState<CustomerRecord | null>(null);
  const [lines, setLines] = useState<Line[]>(() => [emptyLine('')]);
  const [dueDate, setDueDate] = useState<string | null>(null);
  const [discountPercent, setDiscountPercent] = useState('');
  const [notes, setNotes] = useState('');
  const create = useCreateDocument(type);
  const contacts = useQuery({
    queryKey: ['billing', 'contacts', account?.id],
    queryFn: () =>
      api.get<ListPage<CustomerRecord>>(
        `/api/v1/contacts?limit=50&filter=${encodeURIComponent(
          JSON.stringify({ and: [{ field: 'accountIds', op: 'contains', value: account?.id }] }),
        )}`,
      ),
    enabled: Boolean(account),
  });
  // Lines start before the tax classes load: a line without a rate yet takes the organisation's default.
  const effective = lines.map((l) => (l.taxRate ? l : { ...l, taxRate: defaultRate }));
  const totals = liveTotals(currency, effective, discountPercent);

  // A field changed since the server named it no longer shows the server's message for it.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const errors: Record<string, string> = {};
  if (isApiError(create.error, 422))
    for (const error of create.error.problem.errors ?? []) {
      const path = errorPath(error.path);
      if (!edited.has(path)) errors[path] ??= fieldMessage(error, t);
    }
  const lineErrorKeys = Object.keys(errors).filter((key) => key.startsWith('lines.'));
  const formError =
    create.error && (!isApiError(create.error, 422) || Object.keys(errors).length === 0)
      ? problemMessage(create.error, t)
      : undefined;

  const change = (key: number, patch: Partial<Line>) => {
    const index = lines.findIndex((l) => l.key === key);
    const names = Object.keys(patch).map((name) => FIELD_PATHS[name] ?? name);
    setEdited((done) => new Set([...done, ...names.map((name) => `lines.${index}.${name}`)]));
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  };

  /** The customer's price of a product, from the server (price lists, groups, quantity breaks). */
  const pickProduct = async (line: Line, product: Product | null) => {
    change(line.key, {
      product,
      description: product
        ? i18n.language === 'fa'
          ? product.nameFa
          : product.nameEn || product.nameFa
        : '',
      priced: Boolean(product),
      taxRate: product?.taxClass.rate ?? defaultRate,
    });
    if (!product) return;
    const query = new URLSearchParams({ productId: product.id, quantity: line.quantity || '1' });
    if (account) query.set('accountId', account.id);
    try {
      const price = await api.get<{ unitPrice: string; taxClass: { rate: string } }>(
        `/api/v1/prices?${query}`,
      );
      change(line.key, { unitPrice: price.unitPrice, taxRate: price.taxClass.rate });
    } catch {
      change(line.key, { unitPrice: product.basePrice });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!account) return;
    setEdited(new Set());
    const body: LineInput[] = lines.map((l) => ({
      ...(l.product ? { productId: l.product.id } : {}),
      ...(l.description.trim() ? { description: l.description.trim() } : {}),
      quantity: l.quantity,
      ...(l.product && l.priced ? {} : { unitPrice: l.unitPrice }),
      discount: l.discountPercent ? { kind: 'percent', value: l.discountPercent } : null,
    }));
    create.mutate(
      {
        accountId: account.id,
        contactId: contact?.id ?? null,
        dueDate,
        discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
        notes,
        lines: body,
      },
      { onSuccess: (document) => navigate(`/billing/${PLURAL[type]}/${document.id}`) },
    );
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t(`billing.create.${type}`)}</DialogTitle>
        <DialogContent>
          <FormAlert message={formError} />
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr 1fr' } }}>
              <AccountPicker
                value={account}
                onChange={(value) => {
                  setAccount(value);
                  setContact(null);
                }}
                label={t('billing.account')}
                required
                error={errors.accountId}
              />
              <Autocomplete
                options={contacts.data?.items ?? []}
                getOptionLabel={titleOf}
                isOptionEqualToValue={(a, b) => a.id === b.id}
                value={contact}
                onChange={(_event, value) => setContact(value)}
                disabled={!account}
                noOptionsText={t('search.none')}
                renderInput={(params) => (
                  <TextField
                    {...params}
                    label={t('billing.contact')}
                    error={Boolean(errors.contactId)}
                    helperText={errors.contactId}
                  />
                )}
              />
              <LazyDateField
                label={t(type === 'quote' ? 'billing.validUntil' : 'billing.dueDate')}
                value={dueDate}
                onChange={setDueDate}
                error={errors.dueDate}
                fullWidth
              />
            </Box>
            <Typography variant="h2">{t('billing.lines')}</Typography>
            {lines.map((line, index) => (
              <LineRow
                key={line.key}
                line={line}
                index={index}
                errors={errors}
                onChange={(patch) => change(line.key, patch)}
                onProduct={(product) => void pickProduct(line, product)}
                onRemove={
                  lines.length > 1 ? () => setLines((all) => all.filter((l) => l !== line)) : undefined
                }
              />
            ))}
            {lineErrorKeys.length > 0 && lineErrorKeys.every((key) => !/^lines\.\d+\./.test(key)) ? (
              <FormAlert message={errors[lineErrorKeys[0] as string]} />
            ) : null}
            <Box>
              <Button startIcon={<Add />} onClick={() => setLines((all) => [...all, emptyLine(defaultRate)])}>
                {t('billing.addLine')}
              </Button>
            </Box>
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 2fr' } }}>
              <TextField
                label={t('billing.documentDiscount')}
                value={localizeDigits(discountPercent, prefs.digits)}
                onChange={(event) => setDiscountPercent(toLatinDigits(event.target.value.trim()))}
                slotProps={{ htmlInput: { inputMode: 'decimal' } }}
                error={Boolean(errors['discount.value'])}
                helperText={errors['discount.value']}
              />
              <TextField
                label={t('billing.notes')}
                value={notes}
                onChange={(event) => setNotes(event.target.value)}
                multiline
                minRows={2}
              />
            </Box>
            {totals ? <TotalsTable totals={totals} currency={currency} /> : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={create.isPending} disabled={!account}>
            {t('billing.create.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function LineRow({
  line,
  index,
  errors,
  onChange,
  onProduct,
  onRemove,
}: {
  line: Line;
  index: number;
  errors: Record<string, string>;
  onChange: (patch: Partial<Line>) => void;
  onProduct: (product: Product | null) => void;
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
        gridTemplateColumns: { xs: '1fr 1fr', md: '2fr 2fr 1fr 1.2fr 1fr auto' },
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
