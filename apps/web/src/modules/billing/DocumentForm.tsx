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
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { CURRENCY_PLACES, type DocumentTotals, documentTotals, isDecimal } from '@peyvand/billing';
import { toLatinDigits } from '@peyvand/persian';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { errorPath, fieldMessage, problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { useLastChangeNote } from '../../ui/lastChange';
import { PageLoader } from '../../ui/PageLoader';
import { type CustomerRecord, type ListPage, titleOf } from '../customers/api';
import { nameIn, type Product, type TaxClass, useTaxClasses } from '../products/api';
import { ProductPicker } from '../products/ProductPicker';
import type { Deal } from '../sales/api';
import { AccountPicker } from './AccountPicker';
import { type Discount, type LineInput, PLURAL, type SalesDocument, useSaveDocument } from './api';
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
function emptyLine(taxRate: string): Line {
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
      discount: lineDiscount(l),
    })),
    discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
  });
}

function lineDiscount(line: Line): Discount | null {
  if (line.discountPercent) return { kind: 'percent', value: line.discountPercent };
  return line.amountDiscount ? { kind: 'amount', value: line.amountDiscount } : null;
}

/** What the form starts from: a saved draft (edited), a deal (quoted), or nothing (a new document). */
export type DocumentSource =
  | { kind: 'new' }
  | { kind: 'draft'; document: SalesDocument }
  | { kind: 'deal'; deal: Deal };

interface Start {
  account: CustomerRecord | null;
  contactId: string | null;
  dealId: string | null;
  currency: string | null;
  dueDate: string | null;
  discountPercent: string;
  notes: string;
  lines: Line[];
}

/** A saved line (of a draft or a deal) as the form edits it: its own price, class and discount. */
function lineOf(saved: SourceLine, products: Product[]): Line {
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

interface SourceLine {
  productId: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: Discount | null;
  taxClassId?: string | null;
  taxRate?: string;
}

/** Loads what the source refers to (its account, its lines' products) and gives the form's first state. */
function useStart(source: DocumentSource): Start | undefined {
  const accountId =
    source.kind === 'draft'
      ? source.document.accountId
      : source.kind === 'deal'
        ? source.deal.accountId
        : null;
  const savedLines: SourceLine[] =
    source.kind === 'draft'
      ? source.document.lines
      : source.kind === 'deal'
        ? source.deal.lines && source.deal.lines.length > 0
          ? source.deal.lines
          : [
              // A deal without product lines is quoted as one line: its title at its amount.
              {
                productId: null,
                description: source.deal.title,
                quantity: '1',
                unitPrice: source.deal.amount,
                discount: null,
              },
            ]
        : [];
  const productIds = [...new Set(savedLines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const account = useQuery({
    queryKey: ['billing', 'start-account', accountId],
    queryFn: () => api.get<CustomerRecord>(`/api/v1/accounts/${accountId}`),
    enabled: Boolean(accountId),
  });
  const products = useQuery({
    queryKey: ['billing', 'start-products', productIds],
    queryFn: async () =>
      (
        await api.get<ListPage<Product>>(
          `/api/v1/products?limit=${productIds.length}&filter=${encodeURIComponent(
            JSON.stringify({ and: [{ field: 'id', op: 'in', value: productIds }] }),
          )}`,
        )
      ).items,
    enabled: productIds.length > 0,
  });
  const [start, setStart] = useState<Start>();
  const ready = (!accountId || account.data) && (productIds.length === 0 || products.data);
  useEffect(() => {
    if (start || !ready) return;
    const found = products.data ?? [];
    if (source.kind === 'new') {
      setStart({
        account: null,
        contactId: null,
        dealId: null,
        currency: null,
        dueDate: null,
        discountPercent: '',
        notes: '',
        lines: [emptyLine('')],
      });
    } else if (source.kind === 'draft') {
      const d = source.document;
      setStart({
        account: account.data ?? null,
        contactId: d.contactId,
        dealId: d.dealId,
        currency: d.currency,
        dueDate: d.dueDate,
        discountPercent: d.discount?.kind === 'percent' ? d.discount.value : '',
        notes: d.notes,
        lines: savedLines.map((l) => lineOf(l, found)),
      });
    } else {
      const deal = source.deal;
      const decider = deal.contacts.find((c) => c.role === 'decision_maker') ?? deal.contacts[0];
      setStart({
        account: account.data ?? null,
        contactId: decider?.contactId ?? null,
        dealId: deal.id,
        currency: deal.currency,
        dueDate: null,
        discountPercent: '',
        notes: '',
        lines: savedLines.map((l) => lineOf(l, found)),
      });
    }
  }, [start, ready, source, account.data, products.data, savedLines]);
  return start;
}

/**
 * A quote or invoice: a new draft, a saved draft being edited (If-Match: a change made meanwhile is a 409
 * that says who made it), or a quote made from a deal (its account, decision maker and lines). The account
 * and contact, lines of catalogue products (priced by the server for this customer) or free text, each
 * line's tax class, discounts, notes, with live totals. A 422 is shown at its line.
 */
export function DocumentForm({
  type,
  source = { kind: 'new' },
  onClose,
}: {
  type: 'quote' | 'invoice';
  source?: DocumentSource;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const start = useStart(source);
  if (!start)
    return (
      <Dialog open onClose={onClose} fullWidth maxWidth="lg">
        <DialogTitle>
          {t(source.kind === 'draft' ? `billing.edit.${type}` : `billing.create.${type}`)}
        </DialogTitle>
        <DialogContent>
          <PageLoader />
        </DialogContent>
      </Dialog>
    );
  return (
    <DocumentFormBody
      type={type}
      start={start}
      editing={source.kind === 'draft' ? source.document : undefined}
      onClose={onClose}
    />
  );
}

function DocumentFormBody({
  type,
  start,
  editing,
  onClose,
}: {
  type: 'quote' | 'invoice';
  start: Start;
  editing: SalesDocument | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const prefs = useFormatPrefs();
  const lastChangeNote = useLastChangeNote();
  const organisationCurrency = useMe().data?.tenant?.settings?.currency;
  const currency = start.currency ?? organisationCurrency ?? 'IRR';
  const taxClasses = useTaxClasses().data ?? [];
  const defaultRate = taxClasses.find((c) => c.isDefault)?.rate ?? '0';
  const [account, setAccount] = useState<CustomerRecord | null>(start.account);
  const [contactId, setContactId] = useState<string | null>(start.contactId);
  const [lines, setLines] = useState<Line[]>(start.lines);
  const [dueDate, setDueDate] = useState<string | null>(start.dueDate);
  const [discountPercent, setDiscountPercent] = useState(start.discountPercent);
  const [notes, setNotes] = useState(start.notes);
  const save = useSaveDocument(type, editing);
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
  const contact = contacts.data?.items.find((c) => c.id === contactId) ?? null;
  // Lines start before the tax classes load: a line without a rate yet takes the organisation's default.
  const effective = lines.map((l) => (l.taxRate ? l : { ...l, taxRate: defaultRate }));
  const totals = liveTotals(currency, effective, discountPercent);

  // A field changed since the server named it no longer shows the server's message for it.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const errors: Record<string, string> = {};
  if (isApiError(save.error, 422))
    for (const error of save.error.problem.errors ?? []) {
      const path = errorPath(error.path);
      if (!edited.has(path)) errors[path] ??= fieldMessage(error, t);
    }
  const lineErrorKeys = Object.keys(errors).filter((key) => key.startsWith('lines.'));
  const formError = !save.error
    ? undefined
    : isApiError(save.error, 409)
      ? [t('billing.staleForm'), lastChangeNote(save.error)].filter(Boolean).join(' ')
      : !isApiError(save.error, 422) || Object.keys(errors).length === 0
        ? problemMessage(save.error, t)
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
      description: product ? nameIn(product, i18n.language) : '',
      priced: Boolean(product),
      taxClassId: null,
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

  /** A tax class chosen for a line (or none: back to the product's, else the default). */
  const pickTaxClass = (line: Line, taxClassId: string | null) => {
    const chosen = taxClasses.find((c) => c.id === taxClassId);
    change(line.key, {
      taxClassId: chosen?.id ?? null,
      taxRate: chosen?.rate ?? line.product?.taxClass.rate ?? defaultRate,
    });
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
      ...(l.taxClassId ? { taxClassId: l.taxClassId } : {}),
      discount: lineDiscount(l),
    }));
    save.mutate(
      {
        accountId: account.id,
        contactId: contact?.id ?? null,
        ...(editing ? {} : { dealId: start.dealId, ...(start.currency ? { currency: start.currency } : {}) }),
        dueDate,
        discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
        notes,
        lines: body,
      },
      {
        onSuccess: (document) => (editing ? onClose() : navigate(`/billing/${PLURAL[type]}/${document.id}`)),
      },
    );
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t(editing ? `billing.edit.${type}` : `billing.create.${type}`)}</DialogTitle>
        <DialogContent>
          <FormAlert message={formError} />
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr 1fr' } }}>
              <AccountPicker
                value={account}
                onChange={(value) => {
                  setAccount(value);
                  setContactId(null);
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
                onChange={(_event, value) => setContactId(value?.id ?? null)}
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
                taxClasses={taxClasses}
                onChange={(patch) => change(line.key, patch)}
                onProduct={(product) => void pickProduct(line, product)}
                onTaxClass={(taxClassId) => pickTaxClass(line, taxClassId)}
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
          <Button type="submit" variant="contained" loading={save.isPending} disabled={!account}>
            {t(editing ? 'common.save' : 'billing.create.save')}
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
