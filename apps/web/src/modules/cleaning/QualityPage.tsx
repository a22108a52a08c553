import ArrowBack from '@mui/icons-material/ArrowBack';
import AutoFixHigh from '@mui/icons-material/AutoFixHigh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, isolate, localizeDigits } from '../../ui/format';
import { useCustomFields } from '../admin/api';
import { type Entity, entityOf, PLURAL } from '../customers/api';
import { EntityTabs } from '../customers/EntityTabs';
import { type QualityCheckName, type QualityIssue, type QualityReport, qualityKeys, useJobDone } from './api';

/** Says which field a problem is in: a built-in field's label, a custom field's own label, or its path. */
function useFieldLabel(entity: Entity) {
  const { t, i18n } = useTranslation();
  const custom = useCustomFields(entity).data ?? [];
  return (path: string) => {
    const base = path.split('.')[0] ?? path;
    if (base === 'custom') {
      const key = path.slice('custom.'.length);
      const field = custom.find((f) => f.key === key);
      return field ? (i18n.language === 'fa' ? field.labelFa : field.labelEn) : key;
    }
    const known = `customers.fields.${base}`;
    return i18n.exists(known) ? t(known) : base;
  };
}

function IssueRows({ entity, check }: { entity: Entity; check: QualityCheckName }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const fieldLabel = useFieldLabel(entity);
  const issues = useInfiniteQuery({
    queryKey: qualityKeys.issues(entity, check),
    queryFn: ({ pageParam }) =>
      api.get<{ items: QualityIssue[]; nextCursor: string | null }>(
        `/api/v1/data-quality/issues?type=${entity}&check=${check}&limit=50${pageParam ? `&cursor=${pageParam}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (issues.isError) return <ErrorState onRetry={() => void issues.refetch()} />;
  const rows = issues.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={t(`cleaning.quality.check.${check}`)} data-testid="quality-issues">
        <TableHead>
          <TableRow>
            <TableCell>{t('cleaning.quality.record')}</TableCell>
            <TableCell>{t('cleaning.field')}</TableCell>
            <TableCell>{t('cleaning.quality.value')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.flatMap((issue) =>
            issue.problems
              .filter((problem) => problem.check === check)
              .map((problem, index) => (
                <TableRow key={`${issue.id}:${problem.field}`}>
                  <TableCell>
                    {index === 0 &&
                      (entity === 'lead' ? (
                        issue.title
                      ) : (
                        <Link component={RouterLink} to={`/customers/${PLURAL[entity]}/${issue.id}`}>
                          {issue.title}
                        </Link>
                      ))}
                  </TableCell>
                  <TableCell>{fieldLabel(problem.field)}</TableCell>
                  <TableCell>
                    <Box component="span" dir="auto" sx={{ unicodeBidi: 'isolate', whiteSpace: 'pre-wrap' }}>
                      {problem.value === undefined || problem.value === null
                        ? '—'
                        : localizeDigits(
                            typeof problem.value === 'string' ? problem.value : JSON.stringify(problem.value),
                            prefs.digits,
                          )}
                    </Box>
                  </TableCell>
                </TableRow>
              )),
          )}
        </TableBody>
      </Table>
      {issues.hasNextPage && (
        <Box sx={{ p: 1 }}>
          <Button onClick={() => void issues.fetchNextPage()} loading={issues.isFetchingNextPage}>
            {t('customers.timeline.more')}
          </Button>
        </Box>
      )}
    </Paper>
  );
}

/**
 * The data-quality report: for one record type, how many records fail each check, the records behind a
 * check with the field and value at fault, and the job that applies the safe fixes.
 */
export default function QualityPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const entity = entityOf(params.get('type'));
  const chosen = params.get('check');
  const report = useQuery({
    queryKey: qualityKeys.report(entity),
    queryFn: () => api.get<QualityReport>(`/api/v1/data-quality?types=${entity}`),
  });
  const [fixJob, setFixJob] = useState<string | null>(null);
  const [fixOutcome, setFixOutcome] = useState<'done' | 'failed' | null>(null);
  const fix = useMutation({
    mutationFn: () => api.post<{ jobId: string }>('/api/v1/data-quality/fix', { types: [entity] }),
    onSuccess: ({ jobId }) => {
      setFixOutcome(null);
      setFixJob(jobId);
    },
  });
  useJobDone(fixJob, (succeeded) => {
    setFixJob(null);
    setFixOutcome(succeeded ? 'done' : 'failed');
    void queryClient.invalidateQueries({ queryKey: qualityKeys.all });
  });

  const checks = [...(report.data?.checks ?? [])].sort((a, b) => b.count - a.count);
  const check = checks.find((c) => c.check === chosen && c.count > 0) ?? null;
  const fixable = checks.filter((c) => c.fixable).reduce((sum, c) => sum + c.count, 0);
  const count = (n: number) => formatNumber(n, prefs);

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <IconButton component={RouterLink} to={`/customers?type=${entity}`} aria-label={t('customers.back')}>
          <ArrowBack sx={{ transform: prefs.locale === 'fa' ? 'scaleX(-1)' : undefined }} />
        </IconButton>
        <Typography variant="h1" sx={{ flex: '1 1 12rem' }}>
          {t('cleaning.quality.title')}
        </Typography>
        <Button
          variant="contained"
          startIcon={<AutoFixHigh />}
          onClick={() => fix.mutate()}
          loading={fix.isPending || fixJob !== null}
          disabled={!report.data || fixable === 0}
        >
          {t('cleaning.quality.fix', { n: count(fixable) })}
        </Button>
      </Box>
      <FormAlert
        message={
          fix.error
            ? problemMessage(fix.error, t)
            : fixOutcome === 'failed'
              ? t('cleaning.quality.fixFailed')
              : undefined
        }
      />
      {fixOutcome === 'done' && (
        <Alert severity="success" role="status" sx={{ mb: 2 }} onClose={() => setFixOutcome(null)}>
          {t('cleaning.quality.fixed')}
        </Alert>
      )}
      <EntityTabs value={entity} onChange={(value) => setParams({ type: value })} />
      {report.isError ? (
        <ErrorState onRetry={() => void report.refetch()} />
      ) : !report.data ? null : (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: '1fr', md: 'minmax(16rem, 22rem) 1fr' },
            alignItems: 'start',
          }}
        >
          <Paper variant="outlined">
            <Typography sx={{ px: 2, pt: 1.5 }} color="text.secondary">
              {t('cleaning.quality.scanned', { n: count(report.data.scanned[entity] ?? 0) })}
            </Typography>
            <List aria-label={t('cleaning.quality.checks')} data-testid="quality-checks">
              {checks.map((c) => (
                <ListItem key={c.check} disablePadding>
                  <ListItemButton
                    selected={c.check === check?.check}
                    disabled={c.count === 0}
                    aria-current={c.check === check?.check ? 'true' : undefined}
                    onClick={() => setParams({ type: entity, check: c.check })}
                  >
                    <ListItemText
                      primary={t(`cleaning.quality.check.${c.check}`)}
                      secondary={c.fixable ? t('cleaning.quality.fixable') : undefined}
                    />
                    <Chip
                      size="small"
                      color={c.count === 0 ? 'default' : c.fixable ? 'info' : 'warning'}
                      label={count(c.count)}
                      sx={{ ms: 1 }}
                    />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
          </Paper>
          <Box>
            {check ? (
              <>
                <Typography variant="h2" sx={{ mb: 1 }}>
                  {t(`cleaning.quality.check.${check.check}`)}
                </Typography>
                <Typography color="text.secondary" sx={{ mb: 2 }}>
                  {t(`cleaning.quality.hint.${check.check}`)}
                </Typography>
                <IssueRows entity={entity} check={check.check} />
              </>
            ) : (
              <Typography color="text.secondary">
                {checks.some((c) => c.count > 0)
                  ? t('cleaning.quality.choose')
                  : t('cleaning.quality.clean', { type: isolate(t(`customers.plural.${entity}`)) })}
              </Typography>
            )}
          </Box>
        </Box>
      )}
    </Box>
  );
}
