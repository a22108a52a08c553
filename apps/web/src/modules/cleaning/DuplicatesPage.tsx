import ArrowBack from '@mui/icons-material/ArrowBack';
import ManageSearch from '@mui/icons-material/ManageSearch';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, isolate, localizeDigits } from '../../ui/format';
import { ENTITIES, entityOf } from '../customers/api';
import { EntityTabs } from '../customers/EntityTabs';
import { type DuplicatePair, duplicatesKey, type Merge, useJobDone } from './api';
import { MergeDialog } from './MergeDialog';

/** Why two records look like one: the shared phone, e-mail or ID, or how alike the names are. */
function useReasonLabel() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  return (reason: DuplicatePair['reasons'][number]) =>
    reason.kind === 'name'
      ? t('cleaning.reason.name', {
          percent: formatNumber(Math.round((reason.similarity ?? 0) * 100), prefs),
        })
      : t(`cleaning.reason.${reason.kind}`, {
          value: isolate(localizeDigits(reason.value ?? '', prefs.digits)),
        });
}

/** The queue of possible duplicates: scan, compare side by side, merge field by field, undo. */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const type = entityOf(params.get('type'));
  const [comparing, setComparing] = useState<DuplicatePair | null>(null);
  const [merged, setMerged] = useState<Merge | null>(null);
  const [scanJob, setScanJob] = useState<string | null>(null);
  const reasonLabel = useReasonLabel();

  const pairs = useQuery({
    queryKey: [...duplicatesKey, type],
    queryFn: () =>
      api.get<{ items: DuplicatePair[] }>(`/api/v1/duplicates?type=${type}&status=open&limit=100`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: duplicatesKey });
  const scan = useMutation({
    mutationFn: () => api.post<{ jobId: string }>('/api/v1/duplicates/scan', { types: [...ENTITIES] }),
    onSuccess: ({ jobId }) => setScanJob(jobId),
  });
  const [scanFailed, setScanFailed] = useState(false);
  useJobDone(scanJob, (succeeded) => {
    setScanJob(null);
    setScanFailed(!succeeded);
    void refresh();
  });
  const dismiss = useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/duplicates/${id}/dismiss`),
    onSuccess: () => void refresh(),
  });
  const undo = useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/duplicates/merges/${id}/undo`),
    onSuccess: () => {
      setMerged(null);
      void refresh();
    },
  });

  const scanning = scan.isPending || scanJob !== null;
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <IconButton component={RouterLink} to={`/customers?type=${type}`} aria-label={t('customers.back')}>
          <ArrowBack sx={{ transform: prefs.locale === 'fa' ? 'scaleX(-1)' : undefined }} />
        </IconButton>
        <Typography variant="h1" sx={{ flex: '1 1 12rem' }}>
          {t('cleaning.title')}
        </Typography>
        <Button
          variant="contained"
          startIcon={<ManageSearch />}
          onClick={() => scan.mutate()}
          loading={scanning}
        >
          {t('cleaning.scan')}
        </Button>
      </Box>
      <FormAlert
        message={
          scan.error ? problemMessage(scan.error, t) : scanFailed ? t('cleaning.scanFailed') : undefined
        }
      />
      <EntityTabs value={type} onChange={(value) => setParams({ type: value })} />
      {pairs.isError ? (
        <ErrorState onRetry={() => void pairs.refetch()} />
      ) : pairs.data?.items.length === 0 ? (
        <Typography color="text.secondary">{t('cleaning.empty')}</Typography>
      ) : (
        <Box
          component="ul"
          sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 2 }}
          data-testid="pairs"
        >
          {pairs.data?.items.map((pair) => (
            <Card component="li" key={pair.id} variant="outlined">
              <CardContent>
                <Typography variant="h3" component="p" sx={{ mb: 1 }}>
                  {t('cleaning.pair', {
                    a: isolate(pair.records[0].title),
                    b: isolate(pair.records[1].title),
                  })}
                </Typography>
                <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
                  <Chip
                    size="small"
                    color="primary"
                    label={t('cleaning.score', {
                      percent: formatNumber(Math.round(pair.score * 100), prefs),
                    })}
                  />
                  {pair.reasons.map((reason) => (
                    <Chip
                      key={`${reason.kind}:${reason.value ?? ''}`}
                      size="small"
                      variant="outlined"
                      label={reasonLabel(reason)}
                    />
                  ))}
                </Box>
              </CardContent>
              <CardActions>
                <Button onClick={() => setComparing(pair)}>{t('cleaning.compare')}</Button>
                <Button color="inherit" onClick={() => dismiss.mutate(pair.id)}>
                  {t('cleaning.dismiss')}
                </Button>
              </CardActions>
            </Card>
          ))}
        </Box>
      )}
      {comparing && (
        <MergeDialog
          pair={comparing}
          onClose={() => setComparing(null)}
          onMerged={(merge) => {
            setComparing(null);
            setMerged(merge);
            void refresh();
          }}
        />
      )}
      <Snackbar
        open={Boolean(merged)}
        onClose={() => setMerged(null)}
        autoHideDuration={15_000}
        message={t('cleaning.merged')}
        action={
          <Button color="inherit" onClick={() => merged && undo.mutate(merged.id)} loading={undo.isPending}>
            {t('cleaning.undo')}
          </Button>
        }
      />
      {undo.isSuccess && (
        <Alert severity="success" sx={{ mt: 2 }} role="status">
          {t('cleaning.undone')}
        </Alert>
      )}
    </Box>
  );
}
