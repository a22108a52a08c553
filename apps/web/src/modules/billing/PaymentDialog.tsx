import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { toLatinDigits } from '@peyvand/persian';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { localizeDigits } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { PAYMENT_METHODS, type PaymentMethod, type SalesDocument, useRecordPayment } from './api';
import { today } from './format';
import { useMoney } from './useMoney';

/**
 * Records money received against an issued invoice; at most its open balance — the server refuses more
 * (422 at amount), which is shown at the amount.
 */
export function PaymentDialog({ invoice, onClose }: { invoice: SalesDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const record = useRecordPayment(invoice.id);
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('bank_transfer');
  const [paidOn, setPaidOn] = useState<string | null>(() => today(prefs.timeZone));
  const [reference, setReference] = useState('');
  const amountError = serverFieldError(record.error, 'amount', t);
  const formError =
    record.error && !(isApiError(record.error, 422) && amountError)
      ? problemMessage(record.error, t)
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate({ amount, method, reference, ...(paidOn ? { paidOn } : {}) }, { onSuccess: onClose });
  };
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('billing.payment.record')}</DialogTitle>
        <DialogContent>
          <FormAlert message={formError} />
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              required
              label={t('billing.payment.amount')}
              value={localizeDigits(amount, prefs.digits)}
              onChange={(event) => setAmount(toLatinDigits(event.target.value.trim()))}
              slotProps={{ htmlInput: { inputMode: 'decimal' } }}
              error={Boolean(amountError)}
              helperText={
                amountError ?? t('billing.payment.open', { amount: money(invoice.balance, invoice.currency) })
              }
            />
            <TextField
              select
              label={t('billing.payment.method')}
              value={method}
              onChange={(event) => setMethod(event.target.value as PaymentMethod)}
            >
              {PAYMENT_METHODS.map((key) => (
                <MenuItem key={key} value={key}>
                  {t(`billing.methods.${key}`)}
                </MenuItem>
              ))}
            </TextField>
            <LazyDateField
              label={t('billing.payment.paidOn')}
              value={paidOn}
              onChange={setPaidOn}
              fullWidth
            />
            <TextField
              label={t('billing.payment.reference')}
              value={reference}
              onChange={(event) => setReference(event.target.value)}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={record.isPending} disabled={!amount}>
            {t('billing.payment.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
