import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { toLatinDigits } from '@peyvand/persian';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { useLastChangeNote } from '../../ui/lastChange';
import { PageLoader } from '../../ui/PageLoader';
import { type CustomerRecord, type ListPage, titleOf } from '../customers/api';
import { type Product, useTaxClasses } from '../products/api';
import type { Deal } from '../sales/api';
import { AccountPicker } from './AccountPicker';
import { PLURAL, type SalesDocument, useSaveDocument } from './api';
import {
  emptyLine,
  type Line,
  LinesEditor,
  lineInputOf,
  lineOf,
  liveTotals,
  type SourceLine,
  serverErrors,
} from './LinesEditor';
import { TotalsTable } from './TotalsTable';

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
  const { t } = useTranslation();
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
  const errors = serverErrors(save.error, edited, t);
  const formError = !save.error
    ? undefined
    : isApiError(save.error, 409)
      ? [t('billing.staleForm'), lastChangeNote(save.error)].filter(Boolean).join(' ')
      : !isApiError(save.error, 422) || Object.keys(errors).length === 0
        ? problemMessage(save.error, t)
        : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!account) return;
    setEdited(new Set());
    save.mutate(
      {
        accountId: account.id,
        contactId: contact?.id ?? null,
        ...(editing ? {} : { dealId: start.dealId, ...(start.currency ? { currency: start.currency } : {}) }),
        dueDate,
        discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
        notes,
        lines: lines.map(lineInputOf),
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
            <LinesEditor
              lines={lines}
              onLines={setLines}
              errors={errors}
              onEdited={(paths) => setEdited((done) => new Set([...done, ...paths]))}
              accountId={account?.id}
              defaultRate={defaultRate}
            />
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
