import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatNumber, isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { formatAmount, monthLabel, salesKeys } from './api';

interface ForecastRow {
  key: string | null;
  currency: string;
  openDeals: number;
  openAmount: string;
  weightedAmount: string;
  wonDeals: number;
  wonAmount: string;
}

/** Weighted (amount × stage probability) open amounts and won amounts by month, one table per currency. */
export function Forecast() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const forecast = useQuery({
    queryKey: [...salesKeys.all, 'forecast', 'month'],
    queryFn: () => api.get<{ rows: ForecastRow[] }>('/api/v1/sales/forecast?groupBy=month'),
  });
  if (forecast.isError) return <ErrorState onRetry={() => void forecast.refetch()} />;
  if (!forecast.data) return <PageLoader />;
  const currencies = [...new Set(forecast.data.rows.map((r) => r.currency))];
  if (currencies.length === 0)
    return <Typography color="text.secondary">{t('sales.forecast.empty')}</Typography>;
  const money = (amount: string, currency: string) => isolate(formatAmount(amount, currency, prefs));
  return (
    <Stack spacing={2} data-testid="forecast">
      {currencies.map((currency) => (
        <Paper key={currency} variant="outlined" component="section" aria-labelledby={`forecast-${currency}`}>
          <Typography variant="h2" sx={{ p: 2, pb: 0 }} id={`forecast-${currency}`}>
            {t('sales.forecast.currency', {
              currency: currency === 'IRR' ? t('sales.forecast.rial') : currency,
            })}
          </Typography>
          <TableContainer>
            <Table
              size="small"
              aria-labelledby={`forecast-${currency}`}
              sx={{ '& th, & td': { px: { xs: 1, sm: 2 } } }}
            >
              <TableHead>
                <TableRow>
                  <TableCell>{t('sales.forecast.month')}</TableCell>
                  <TableCell>{t('sales.forecast.open')}</TableCell>
                  <TableCell>{t('sales.forecast.weighted')}</TableCell>
                  <TableCell>{t('sales.forecast.won')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {forecast.data.rows
                  .filter((r) => r.currency === currency)
                  .map((row) => (
                    <TableRow key={row.key ?? 'none'}>
                      <TableCell component="th" scope="row">
                        {monthLabel(row.key, prefs, t)}
                      </TableCell>
                      <TableCell>
                        {row.openDeals > 0 &&
                          t('sales.forecast.deals', {
                            number: formatNumber(row.openDeals, prefs),
                            amount: money(row.openAmount, currency),
                          })}
                      </TableCell>
                      <TableCell>{row.openDeals > 0 && money(row.weightedAmount, currency)}</TableCell>
                      <TableCell>
                        {row.wonDeals > 0 &&
                          t('sales.forecast.deals', {
                            number: formatNumber(row.wonDeals, prefs),
                            amount: money(row.wonAmount, currency),
                          })}
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      ))}
    </Stack>
  );
}
