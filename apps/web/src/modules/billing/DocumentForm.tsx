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
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { type CustomerRecord, type ListPage, titleOf } from '../customers/api';
import { useTaxClasses } from '../products/api';
import { AccountPicker } from './AccountPicker';
import { PLURAL, useCreateDocument } from './api';
import { emptyLine, type Line, LinesEditor, lineInputOf, liveTotals, serverErrors } from './LinesEditor';
import { TotalsTable } from './TotalsTable';

/**
 * A new quote or invoice (a draft): the account and contact, lines of catalogue products (priced by the
 * server for this customer) or free text, discounts, notes, with live totals. A 422 is shown at its line.
 */
export function DocumentForm({ type, onClose }: { type: 'quote' | 'invoice'; onClose: () => void }) {
  const { t } = useTranslation();
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
  const errors = serverErrors(create.error, edited, t);
  const formError =
    create.error && (!isApiError(create.error, 422) || Object.keys(errors).length === 0)
      ? problemMessage(create.error, t)
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!account) return;
    setEdited(new Set());
    create.mutate(
      {
        accountId: account.id,
        contactId: contact?.id ?? null,
        dueDate,
        discount: discountPercent ? { kind: 'percent', value: discountPercent } : null,
        notes,
        lines: lines.map(lineInputOf),
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
          <Button type="submit" variant="contained" loading={create.isPending} disabled={!account}>
            {t('billing.create.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
