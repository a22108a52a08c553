import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatNumber } from '../../ui/format';
import { useMoney } from './useMoney';

/**
 * Priced lines (of a document or a deal) as the server computed them; `errors` by line index. `format`
 * shows an amount as the page around the table does (default: billing's Rial/Toman setting).
 */
export function LinesTable({
  lines,
  currency,
  errors = {},
  format,
}: {
  lines: { description: string; quantity: string; unitPrice: string; tax: string; total: string }[];
  currency: string;
  errors?: Record<number, string>;
  format?: (amount: string, currency: string) => string;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const billingMoney = useMoney();
  const money = format ?? billingMoney;
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label={t('billing.lines')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('billing.description')}</TableCell>
            <TableCell align="right">{t('billing.quantity')}</TableCell>
            <TableCell align="right">{t('billing.unitPrice')}</TableCell>
            <TableCell align="right">{t('billing.totals.tax')}</TableCell>
            <TableCell align="right">{t('billing.totals.total')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {lines.map((line, index) => (
            // Lines are a whole list, replaced together: their position is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <TableRow key={index}>
              <TableCell>
                {line.description}
                {errors[index] ? (
                  <Typography variant="body2" color="error" role="alert">
                    {errors[index]}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell align="right">{formatNumber(Number(line.quantity), prefs)}</TableCell>
              <TableCell align="right">{money(line.unitPrice, currency)}</TableCell>
              <TableCell align="right">{money(line.tax, currency)}</TableCell>
              <TableCell align="right">{money(line.total, currency)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
