import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatNumber, isolate } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { PageLoader } from '../../ui/PageLoader';
import { formatDay } from '../billing/format';
import { dayAndTime, isoOf, periodAround } from '../calendar/days';
import { formatAmount, salesKeys } from './api';

interface PerformanceRow {
  ownerId: string;
  name: string;
  dealsWon: number;
  dealsLost: number;
  revenue: { currency: string; amount: string }[];
  /** null when the asker may not read interactions. */
  activities: number | null;
}

const PERIODS = ['month', 'quarter', 'year', 'custom'] as const;
type Period = (typeof PERIODS)[number];

/**
 * Team performance for those who oversee a team or everyone: per member, the deals won and lost in a
 * period, the revenue won per currency and the activities logged. The period is this month, season or
 * year of the user's calendar (a Jalali month is Azar, not November), or two days they pick; it is kept
 * in the URL (?period=, ?from=, ?to=) so the view can be shared.
 */
export function Performance() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [params, setParams] = useSearchParams();
  const period: Period = PERIODS.find((p) => p === params.get('period')) ?? 'month';
  const today = dayAndTime(new Date(), prefs.timeZone).day;
  // A custom period starts as this month until its days are picked.
  const [first, last] = periodAround(today, period === 'custom' ? 'month' : period, prefs.calendar);
  const from = (period === 'custom' && params.get('from')) || isoOf(first);
  const to = (period === 'custom' && params.get('to')) || isoOf(last);
  const change = (next: Record<string, string>) =>
    setParams({ view: 'performance', period, from, to, ...next }, { replace: true });
  const performance = useQuery({
    queryKey: [...salesKeys.all, 'performance', from, to],
    queryFn: () => api.get<{ items: PerformanceRow[] }>(`/api/v1/sales/performance?from=${from}&to=${to}`),
    placeholderData: keepPreviousData,
  });
  const number = (n: number) => formatNumber(n, prefs);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="performance">
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={period}
          onChange={(_event, value: Period | null) => {
            if (value) setParams({ view: 'performance', period: value }, { replace: true });
          }}
          aria-label={t('sales.performance.period')}
          color="primary"
          sx={{ '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' } }}
        >
          {PERIODS.map((p) => (
            <ToggleButton key={p} value={p}>
              {t(`sales.performance.periods.${p}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        {period === 'custom' ? (
          <>
            <LazyDateField
              size="small"
              label={t('sales.performance.from')}
              value={from}
              onChange={(value) => value && change({ from: value })}
            />
            <LazyDateField
              size="small"
              label={t('sales.performance.to')}
              value={to}
              onChange={(value) => value && change({ to: value })}
            />
          </>
        ) : null}
      </Box>
      <Typography variant="h2" id="performance-title">
        {t('sales.performance.span', { from: formatDay(from, prefs), to: formatDay(to, prefs) })}
      </Typography>
      {performance.isError ? (
        <ErrorState onRetry={() => void performance.refetch()} />
      ) : !performance.data ? (
        <PageLoader />
      ) : performance.data.items.length === 0 ? (
        <Typography color="text.secondary">{t('sales.performance.empty')}</Typography>
      ) : (
        <TableContainer component={Paper} variant="outlined">
          <Table
            size="small"
            aria-labelledby="performance-title"
            sx={{ '& th, & td': { px: { xs: 1, sm: 2 } } }}
          >
            <TableHead>
              <TableRow>
                <TableCell>{t('sales.performance.member')}</TableCell>
                <TableCell>{t('sales.performance.won')}</TableCell>
                <TableCell>{t('sales.performance.lost')}</TableCell>
                <TableCell>{t('sales.performance.revenue')}</TableCell>
                <TableCell>{t('sales.performance.activities')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {performance.data.items.map((row) => (
                <TableRow key={row.ownerId}>
                  <TableCell component="th" scope="row">
                    {row.name}
                  </TableCell>
                  <TableCell>{number(row.dealsWon)}</TableCell>
                  <TableCell>{number(row.dealsLost)}</TableCell>
                  <TableCell>
                    {row.revenue.length === 0
                      ? '—'
                      : row.revenue.map((r) => (
                          <Box key={r.currency}>{isolate(formatAmount(r.amount, r.currency, prefs))}</Box>
                        ))}
                  </TableCell>
                  <TableCell>{row.activities === null ? '—' : number(row.activities)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
