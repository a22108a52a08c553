import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import type { Digits } from '../../api/types';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { useDebounced } from '../../ui/lists/url';
import { useMembers } from '../admin/api';
import {
  type Line,
  LinesEditor,
  lineInputOf,
  lineOf,
  liveTotals,
  serverErrors,
} from '../billing/LinesEditor';
import { type CustomerRecord, type ListPage, titleOf } from '../customers/api';
import { CustomFieldInputs, changesOf, createBodyOf } from '../customers/RecordFields';
import { type Product, useTaxClasses } from '../products/api';
import { type ContactRole, type Deal, type Pipeline, salesKeys } from './api';

const ROLES: readonly ContactRole[] = [
  'decision_maker',
  'influencer',
  'champion',
  'user',
  'gatekeeper',
  'other',
];

const FIELDS = [
  'title',
  'accountId',
  'contacts',
  'pipelineId',
  'stageId',
  'amount',
  'currency',
  'expectedCloseDate',
  'source',
  'ownerId',
];

interface Party {
  id: string;
  name: string;
}

/** Accounts or contacts matching what is typed, for a picker. */
function useParties(plural: 'accounts' | 'contacts', typed: string) {
  const q = useDebounced(typed.trim(), 300);
  return useQuery({
    queryKey: ['sales', 'parties', plural, q],
    queryFn: async () => {
      const params = new URLSearchParams({ limit: '20' });
      if (q) params.set('q', q);
      const page = await api.get<ListPage<CustomerRecord>>(`/api/v1/${plural}?${params}`);
      return page.items.map((r): Party => ({ id: r.id, name: titleOf(r) }));
    },
    placeholderData: (previous) => previous,
  });
}

interface Values {
  title: string;
  account: Party | null;
  contacts: { contactId: string; name: string; role: ContactRole }[];
  pipelineId: string;
  stageId: string;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  source: string;
  ownerId: string;
  custom: Record<string, unknown>;
  lines: Line[];
}

/** The catalogue products a deal's lines name, for the editor's product pickers. */
function useLineProducts(deal: Deal | undefined) {
  const ids = [...new Set((deal?.lines ?? []).flatMap((l) => (l.productId ? [l.productId] : [])))];
  return useQuery({
    queryKey: ['sales', 'line-products', ids],
    queryFn: async () => {
      const filter = JSON.stringify({ and: [{ field: 'id', op: 'in', value: ids }] });
      const page = await api.get<ListPage<Product>>(
        `/api/v1/products?limit=${ids.length}&filter=${encodeURIComponent(filter)}`,
      );
      return page.items;
    },
    enabled: ids.length > 0,
  });
}

/** The form's values for a deal (or a new one); the amount in the user's digits, which the server reads. */
function valuesOf(deal: Deal | undefined, digits: Digits, products: Product[]): Values {
  return {
    title: deal?.title ?? '',
    account: deal?.accountId ? { id: deal.accountId, name: deal.accountName ?? '' } : null,
    contacts: deal?.contacts ?? [],
    pipelineId: deal?.pipelineId ?? '',
    stageId: deal?.stageId ?? '',
    amount: deal ? localizeDigits(deal.amount, digits) : '',
    currency: deal?.currency ?? '',
    expectedCloseDate: deal?.expectedCloseDate ?? null,
    source: deal?.source ?? '',
    ownerId: deal?.ownerId ?? '',
    custom: deal?.custom ?? {},
    lines: (deal?.lines ?? []).map((l) => lineOf(l, products)),
  };
}

/**
 * The request body: everything the form holds for a create (empty fields left out), only what changed for
 * an edit. A deal with lines has their total as its amount, so its amount is never sent.
 */
function bodyOf(
  v: Values,
  base: Deal | undefined,
  digits: Digits,
  products: Product[],
): Record<string, unknown> {
  const of = (x: Values): Record<string, unknown> => ({
    title: x.title.trim(),
    accountId: x.account?.id ?? null,
    contacts: x.contacts.map(({ contactId, role }) => ({ contactId, role })),
    pipelineId: x.pipelineId || null,
    stageId: x.stageId || null,
    amount: x.lines.length ? null : x.amount.trim() || null,
    currency: x.currency.trim() || null,
    expectedCloseDate: x.expectedCloseDate,
    source: x.source.trim() || null,
    ownerId: x.ownerId || null,
    lines: x.lines.map(lineInputOf),
  });
  const after = of(v);
  if (!base) {
    const custom = createBodyOf(v.custom);
    return {
      ...Object.fromEntries(
        Object.entries(after).filter(
          ([key, value]) => value !== null && !(key === 'lines' && !v.lines.length),
        ),
      ),
      ...(Object.keys(custom).length ? { custom } : {}),
    };
  }
  // An unchanged stage is not sent: sending it would be a move, and moves are the history.
  const before = valuesOf(base, digits, products);
  const stored = of(before);
  const changed = Object.fromEntries(
    Object.entries(after).filter(
      ([key, value]) =>
        JSON.stringify(value) !== JSON.stringify(stored[key]) && !(key === 'amount' && value === null),
    ),
  );
  const custom = changesOf(before.custom, v.custom);
  return { ...changed, ...(Object.keys(custom).length ? { custom } : {}) };
}

/**
 * Creating a deal, or editing one (`deal`): its title, account, contacts and their roles, pipeline and
 * stage, amount (a decimal string, Persian digits accepted by the server) and currency, expected close,
 * source, owner, the organisation's custom deal fields, and its lines (products priced for the account,
 * or free text) whose live total is then the amount. The server's field errors show under their fields;
 * an edit saves against the version shown, and a 409 offers the deal as it is now.
 */
export function DealDialog(props: { deal?: Deal; onClose: () => void; onSaved: (deal: Deal) => void }) {
  // The editor's product pickers show the products the lines name: loaded before the form starts.
  const products = useLineProducts(props.deal);
  if (products.isLoading) return null;
  return <DealForm {...props} products={products.data ?? []} />;
}

function DealForm({
  deal,
  onClose,
  onSaved,
  products,
}: {
  deal?: Deal;
  onClose: () => void;
  onSaved: (deal: Deal) => void;
  products: Product[];
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const pipelines = useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: () => api.get<{ items: Pipeline[] }>('/api/v1/pipelines'),
  });
  const members = useMembers().data ?? [];
  const items = pipelines.data?.items ?? [];
  const [base, setBase] = useState(deal);
  const [values, setValues] = useState<Values>(() => valuesOf(deal, prefs.digits, products));
  const orgCurrency = useMe().data?.tenant?.settings?.currency ?? 'IRR';
  const defaultRate = useTaxClasses().data?.find((c) => c.isDefault)?.rate ?? '0';
  // A field changed since the server named it no longer shows the server's message for it.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [accountTyped, setAccountTyped] = useState('');
  const [contactTyped, setContactTyped] = useState('');
  const accounts = useParties('accounts', accountTyped);
  const contacts = useParties('contacts', contactTyped);
  const [missingTitle, setMissingTitle] = useState(false);
  const pipeline =
    items.find((p) => p.id === values.pipelineId) ?? items.find((p) => p.isDefault) ?? items[0];
  // A new deal starts in the default pipeline's first open stage; lost needs a reason (the lost dialog).
  const stages = (pipeline?.stages ?? []).filter((s) => s.kind !== 'lost' || s.id === base?.stageId);
  const stageId = values.stageId || stages.find((s) => s.kind === 'open')?.id || '';
  const set = (change: Partial<Values>) => setValues((v) => ({ ...v, ...change }));

  const save = useMutation({
    mutationFn: () => {
      const body = bodyOf(
        { ...values, pipelineId: pipeline?.id ?? '', stageId },
        base,
        prefs.digits,
        products,
      );
      return base
        ? api.patchVersion<Deal>(`/api/v1/deals/${base.id}`, body, base.version)
        : api.post<Deal>('/api/v1/deals', body);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: salesKeys.all });
      onSaved(saved);
    },
  });
  const conflict = isApiError(save.error, 409);
  const reload = useMutation({
    mutationFn: () => api.get<Deal>(`/api/v1/deals/${base?.id}`),
    onSuccess: (latest) => {
      setBase(latest);
      setValues(valuesOf(latest, prefs.digits, products));
      save.reset();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = !values.title.trim();
    setMissingTitle(missing);
    setEdited(new Set());
    if (!missing) save.mutate();
  };
  const fieldError = (field: string) => serverFieldError(save.error, field, t);
  const errors = serverErrors(save.error, edited, t);
  // A field error shows under its field (lines and custom values too); anything else above the form.
  const shownElsewhere =
    FIELDS.some((f) => fieldError(f)) || Object.keys(errors).some((path) => /^(lines|custom)\b/.test(path));
  const lineRates = values.lines.map((l) => (l.taxRate ? l : { ...l, taxRate: defaultRate }));
  const totals = values.lines.length ? liveTotals(values.currency || orgCurrency, lineRates, '') : undefined;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{base ? t('sales.form.editTitle') : t('sales.form.newTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {conflict ? (
              <Alert
                severity="warning"
                role="alert"
                action={
                  <Button
                    color="inherit"
                    size="small"
                    loading={reload.isPending}
                    onClick={() => reload.mutate()}
                  >
                    {t('customers.edit.reload')}
                  </Button>
                }
              >
                {t('sales.form.conflict')}
              </Alert>
            ) : (
              <FormAlert
                message={save.error && !shownElsewhere ? problemMessage(save.error, t) : undefined}
              />
            )}
            <TextField
              required
              label={t('lists.fields.title')}
              value={values.title}
              onChange={(e) => set({ title: e.target.value })}
              error={missingTitle || !!fieldError('title')}
              helperText={missingTitle ? t('errors.field.required') : fieldError('title')}
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
            <Autocomplete
              options={accounts.data ?? []}
              value={values.account}
              onChange={(_e, account) => set({ account })}
              onInputChange={(_e, text) => setAccountTyped(text)}
              getOptionLabel={(o) => o.name}
              isOptionEqualToValue={(a, b) => a.id === b.id}
              filterOptions={(o) => o}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label={t('sales.deal.account')}
                  error={!!fieldError('accountId')}
                  helperText={fieldError('accountId')}
                />
              )}
            />
            <Autocomplete
              multiple
              options={contacts.data ?? []}
              value={values.contacts.map((c) => ({ id: c.contactId, name: c.name }))}
              onChange={(_e, chosen) =>
                set({
                  contacts: chosen.map(
                    (p) =>
                      values.contacts.find((c) => c.contactId === p.id) ?? {
                        contactId: p.id,
                        name: p.name,
                        role: 'other',
                      },
                  ),
                })
              }
              onInputChange={(_e, text) => setContactTyped(text)}
              getOptionLabel={(o) => o.name}
              isOptionEqualToValue={(a, b) => a.id === b.id}
              filterOptions={(o) => o}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label={t('sales.deal.contacts')}
                  error={!!fieldError('contacts')}
                  helperText={fieldError('contacts')}
                />
              )}
            />
            {values.contacts.map((contact, index) => (
              <TextField
                key={contact.contactId}
                select
                size="small"
                label={t('sales.form.roleOf', { name: contact.name })}
                value={contact.role}
                onChange={(e) =>
                  set({
                    contacts: values.contacts.map((c) =>
                      c.contactId === contact.contactId ? { ...c, role: e.target.value as ContactRole } : c,
                    ),
                  })
                }
                error={!!fieldError(`contacts.${index}`)}
                helperText={fieldError(`contacts.${index}`)}
              >
                {ROLES.map((role) => (
                  <MenuItem key={role} value={role}>
                    {t(`sales.role.${role}`)}
                  </MenuItem>
                ))}
              </TextField>
            ))}
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
              {items.length > 1 && (
                <TextField
                  select
                  label={t('sales.pipeline')}
                  value={pipeline?.id ?? ''}
                  onChange={(e) => set({ pipelineId: e.target.value, stageId: '' })}
                  error={!!fieldError('pipelineId')}
                  helperText={fieldError('pipelineId')}
                >
                  {items.map((p) => (
                    <MenuItem key={p.id} value={p.id}>
                      {p.name}
                    </MenuItem>
                  ))}
                </TextField>
              )}
              <TextField
                select
                label={t('sales.deal.stage')}
                value={stages.some((s) => s.id === stageId) ? stageId : ''}
                onChange={(e) => set({ stageId: e.target.value })}
                error={!!fieldError('stageId')}
                helperText={fieldError('stageId')}
              >
                {stages.map((s) => (
                  <MenuItem key={s.id} value={s.id}>
                    {s.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                label={t('lists.fields.amount')}
                value={
                  values.lines.length ? localizeDigits(totals?.total ?? '', prefs.digits) : values.amount
                }
                onChange={(e) => set({ amount: e.target.value })}
                disabled={values.lines.length > 0}
                error={!!fieldError('amount')}
                helperText={
                  fieldError('amount') ?? (values.lines.length ? t('sales.form.amountFromLines') : undefined)
                }
                slotProps={{ htmlInput: { inputMode: 'decimal', dir: 'ltr' } }}
                data-testid="deal-amount"
              />
              <TextField
                label={t('lists.fields.currency')}
                value={values.currency}
                onChange={(e) => set({ currency: e.target.value.toUpperCase() })}
                error={!!fieldError('currency')}
                helperText={fieldError('currency') ?? t('sales.form.currencyHint')}
                slotProps={{ htmlInput: { maxLength: 3, dir: 'ltr' } }}
              />
              <LazyDateField
                label={t('lists.fields.expectedCloseDate')}
                value={values.expectedCloseDate}
                onChange={(expectedCloseDate) => set({ expectedCloseDate })}
                error={fieldError('expectedCloseDate')}
              />
              <TextField
                label={t('lists.fields.source')}
                value={values.source}
                onChange={(e) => set({ source: e.target.value })}
                error={!!fieldError('source')}
                helperText={fieldError('source')}
              />
              <TextField
                select
                label={t('sales.deal.owner')}
                value={members.some((m) => m.id === values.ownerId) ? values.ownerId : ''}
                onChange={(e) => set({ ownerId: e.target.value })}
                error={!!fieldError('ownerId')}
                helperText={fieldError('ownerId') ?? (base ? undefined : t('sales.form.ownerHint'))}
              >
                {members
                  .filter((m) => m.status === 'active')
                  .map((m) => (
                    <MenuItem key={m.id} value={m.id}>
                      {m.name}
                    </MenuItem>
                  ))}
              </TextField>
              <CustomFieldInputs
                entity="deal"
                values={values.custom}
                onChange={(custom) => set({ custom })}
                error={save.error}
              />
            </Box>
            <Typography variant="h2">{t('sales.form.lines')}</Typography>
            <LinesEditor
              lines={values.lines}
              onLines={(update) => setValues((v) => ({ ...v, lines: update(v.lines) }))}
              errors={errors}
              onEdited={(paths) => setEdited((done) => new Set([...done, ...paths]))}
              accountId={values.account?.id}
              defaultRate={defaultRate}
              minLines={0}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={save.isPending} disabled={conflict}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
