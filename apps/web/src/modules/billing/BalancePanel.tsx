import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatNumber } from '../../ui/format';
import { AGING_BUCKETS, useAging, useBalance } from './api';
import { useMoney } from './useMoney';

/** What an account owes, per currency: invoiced − paid − credited (negative: owed to the customer). */
export function BalanceTable({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const balance = useBalance(accountId);
  const rows = balance.data?.currencies ?? [];
  if (balance.isSuccess && rows.length === 0) return <Typography>{t('billing.noInvoices')}</Typography>;
  // One row per figure (not per currency): the balance stays in view on a phone.
  return (
    <Table size="small" aria-label={t('billing.balanceTitle')}>
      <TableBody>
        {rows.flatMap((row) =>
          (['invoiced', 'paid', 'credited', 'balance'] as const).map((figure) => (
            <TableRow key={`${row.currency}-${figure}`}>
              <TableCell component="th" scope="row" sx={figure === 'balance' ? { fontWeight: 700 } : {}}>
                {t(BALANCE_LABELS[figure])}
              </TableCell>
              <TableCell
                sx={figure === 'balance' ? { fontWeight: 700 } : {}}
                data-testid={figure === 'balance' ? 'balance' : undefined}
              >
                {money(row[figure], row.currency)}
              </TableCell>
            </TableRow>
          )),
        )}
      </TableBody>
    </Table>
  );
}

const BALANCE_LABELS = {
  invoiced: 'billing.invoiced',
  paid: 'billing.paidLabel',
  credited: 'billing.credited',
  balance: 'billing.balance',
} as const;

/** Open invoices by days past due (0–30 includes those not yet due): count and open amount. */
export function AgingTable({ accountId }: { accountId?: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const aging = useAging(accountId);
  const rows = aging.data?.currencies ?? [];
  const n = (value: number) => formatNumber(value, prefs);
  // '0-30' → "0–30 days" in the user's digits; '90+' → "over 90 days".
  const bucketLabel = (key: string) => {
    const [from, to] = key.split('-').map(Number);
    return to === undefined
      ? t('billing.aging.over', { days: n(Number.parseInt(key, 10)) })
      : t('billing.aging.range', { from: n(from ?? 0), to: n(to) });
  };
  if (aging.isSuccess && rows.length === 0) return <Typography>{t('billing.aging.none')}</Typography>;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={t('billing.aging.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('billing.aging.bucket')}</TableCell>
            <TableCell>{t('billing.aging.invoices')}</TableCell>
            <TableCell>{t('billing.aging.open')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.flatMap((row) => [
            ...AGING_BUCKETS.map((key) => {
              const bucket = row.buckets.find((b) => b.bucket === key);
              return (
                <TableRow key={`${row.currency}-${key}`}>
                  <TableCell>{bucketLabel(key)}</TableCell>
                  <TableCell>{formatNumber(bucket?.invoices ?? 0, prefs)}</TableCell>
                  <TableCell>{money(bucket?.open ?? '0', row.currency)}</TableCell>
                </TableRow>
              );
            }),
            <TableRow key={`${row.currency}-total`}>
              <TableCell sx={{ fontWeight: 700 }}>{t('billing.aging.total')}</TableCell>
              <TableCell />
              <TableCell sx={{ fontWeight: 700 }}>{money(row.open, row.currency)}</TableCell>
            </TableRow>,
          ])}
        </TableBody>
      </Table>
    </Box>
  );
}

/** The account's balance on its 360 page. */
export function AccountBalancePanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="billing-balance-title">
      <Typography variant="h2" id="billing-balance-title" sx={{ mb: 1 }}>
        {t('billing.balanceTitle')}
      </Typography>
      <BalanceTable accountId={accountId} />
    </Paper>
  );
}
