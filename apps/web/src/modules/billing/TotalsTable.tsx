import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { addAmounts } from '@peyvand/billing';
import { useTranslation } from 'react-i18next';
import { useMoney } from './useMoney';

/** A document's totals block: the figures packages/billing computes, each in the currency's words. */
export function TotalsTable({
  totals,
  currency,
}: {
  totals: { gross: string; lineDiscounts: string; documentDiscount: string; tax: string; total: string };
  currency: string;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const rows: [string, string][] = [
    ['billing.totals.gross', totals.gross],
    ['billing.totals.discounts', addAmounts(totals.lineDiscounts, totals.documentDiscount)],
    ['billing.totals.tax', totals.tax],
    ['billing.totals.total', totals.total],
  ];
  return (
    <Table
      size="small"
      sx={{ maxWidth: 420, alignSelf: 'flex-end', ms: 'auto' }}
      aria-label={t('billing.totals.title')}
    >
      <TableBody>
        {rows.map(([key, amount]) => (
          <TableRow key={key}>
            <TableCell
              component="th"
              scope="row"
              sx={key === 'billing.totals.total' ? { fontWeight: 700 } : {}}
            >
              {t(key)}
            </TableCell>
            <TableCell align="right" sx={key === 'billing.totals.total' ? { fontWeight: 700 } : {}}>
              {money(amount, currency)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
