import ArrowBack from '@mui/icons-material/ArrowBack';
import Download from '@mui/icons-material/DownloadOutlined';
import StopCircle from '@mui/icons-material/StopCircleOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { type Entity, entityOf } from '../customers/api';
import {
  type ImportCounts,
  type ImportView,
  importKeys,
  isFinished,
  rejectsUrl,
  useImport,
  useImportAction,
  useJobProgress,
  useRefreshCustomers,
} from './api';
import { MappingStep } from './MappingStep';
import { ProgressPanel } from './ProgressPanel';
import { RowErrors } from './RowErrors';
import { useImportText } from './text';
import { UploadStep } from './UploadStep';

const STEPS = ['upload', 'mapping', 'dryRun', 'run', 'report'] as const;
type StepKey = (typeof STEPS)[number];

/**
 * The import wizard: file → mapping and duplicate policy → dry run with the rows that would fail →
 * run with live progress (stop and resume) → report. The import's id is in the address, so a reload
 * (or coming back later) finds it where it is.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const entity = entityOf(params.get('type'));
  const id = params.get('id');
  const imp = useImport(id);
  const [view, setView] = useState<'mapping' | 'dryRun'>('mapping');
  // biome-ignore lint/correctness/useExhaustiveDependencies: another import starts at its mapping
  useEffect(() => setView('mapping'), [id]);
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));
  const { number } = useImportText();

  const data = imp.data;
  const step: StepKey = !id
    ? 'upload'
    : !data
      ? 'mapping'
      : data.status === 'completed'
        ? 'report'
        : data.status === 'running' || data.status === 'stopped' || data.status === 'failed'
          ? 'run'
          : data.status === 'dry_running'
            ? 'dryRun'
            : view;
  const index = STEPS.indexOf(step);
  const dryRunSkipped = Boolean(data && !data.dryRun && index > STEPS.indexOf('dryRun'));
  const go = (next: { id?: string; type?: Entity }) =>
    setParams({ type: next.type ?? entity, ...(next.id ? { id: next.id } : {}) });

  return (
    <Box sx={{ maxWidth: 1000 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2 }}>
        <IconButton component={RouterLink} to={`/customers?type=${entity}`} aria-label={t('customers.back')}>
          <ArrowBack sx={{ transform: (theme) => (theme.direction === 'rtl' ? 'scaleX(-1)' : 'none') }} />
        </IconButton>
        <Typography variant="h1">{t(`imports.title.${entity}`)}</Typography>
      </Box>
      {narrow ? (
        <Typography color="text.secondary" sx={{ mb: 2 }} data-testid="step">
          {t('imports.stepOf', {
            n: number(index + 1),
            total: number(STEPS.length),
            name: t(`imports.steps.${step}`),
          })}
        </Typography>
      ) : (
        <Stepper activeStep={index} sx={{ mb: 3 }} aria-label={t('imports.stepsLabel')}>
          {STEPS.map((key, i) => (
            // A run started without a dry run leaves that step undone rather than ticked.
            <Step key={key} completed={key === 'dryRun' && dryRunSkipped ? false : undefined}>
              {/* The step numbers in the user's digits (MUI draws them from the icon string). */}
              <StepLabel icon={number(i + 1)}>{t(`imports.steps.${key}`)}</StepLabel>
            </Step>
          ))}
        </Stepper>
      )}
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
        <Typography variant="h2" sx={{ mb: 2 }}>
          {t(`imports.steps.${step}`)}
        </Typography>
        {step === 'upload' ? (
          <UploadStep
            entity={entity}
            onEntity={(type) => go({ type })}
            onUploaded={(c) => go({ id: c.id })}
          />
        ) : imp.isError ? (
          <ErrorState onRetry={() => void imp.refetch()} />
        ) : !data ? (
          <PageLoader />
        ) : step === 'mapping' ? (
          <MappingStep
            imp={data}
            onDryRun={() => setView('dryRun')}
            onRun={() => setView('mapping')}
            onAnotherFile={() => go({})}
          />
        ) : step === 'dryRun' ? (
          <DryRunStep imp={data} onMapping={() => setView('mapping')} />
        ) : step === 'run' ? (
          <RunStep imp={data} />
        ) : (
          <ReportStep imp={data} onAnother={() => go({})} />
        )}
      </Paper>
    </Box>
  );
}

/** Follows the import's current job and reloads the import (and the lists) when it ends. */
function useImportJob(imp: ImportView) {
  const queryClient = useQueryClient();
  const refreshCustomers = useRefreshCustomers();
  return useJobProgress(imp.jobId, () => {
    void queryClient.invalidateQueries({ queryKey: importKeys.view(imp.id) });
    void queryClient.invalidateQueries({ queryKey: ['imports', imp.id, 'rows'] });
    void refreshCustomers();
  });
}

function CountsGrid({ counts, prefix }: { counts: ImportCounts; prefix: 'report' | 'dryRun' }) {
  const { t } = useTranslation();
  const { number } = useImportText();
  const shown: (keyof ImportCounts)[] = ['created', 'updated', 'skipped', 'rejected'];
  if (counts.accountsCreated > 0) shown.push('accountsCreated');
  if (counts.blank > 0) shown.push('blank');
  return (
    <Box
      component="dl"
      data-testid={`counts-${prefix}`}
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: 'repeat(2, 1fr)', sm: `repeat(${shown.length}, 1fr)` },
        gap: 1.5,
        m: 0,
        mb: 2,
      }}
    >
      {shown.map((key) => (
        <Paper key={key} variant="outlined" sx={{ p: 1.5 }} data-count={key}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {t(`imports.counts.${prefix}.${key}`)}
          </Typography>
          <Typography
            component="dd"
            variant="h2"
            sx={{ m: 0, color: key === 'rejected' && counts[key] > 0 ? 'error.main' : undefined }}
          >
            {number(counts[key])}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}

function DownloadRejects({ id, mode }: { id: string; mode: 'run' | 'dry_run' }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={rejectsUrl(id, mode)} download startIcon={<Download />} variant="outlined">
      {t('imports.rejectsFile')}
    </Button>
  );
}

/** Step 3: the dry run's progress, then what the run would do and every row that would fail. */
function DryRunStep({ imp, onMapping }: { imp: ImportView; onMapping: () => void }) {
  const { t } = useTranslation();
  const job = useImportJob(imp);
  const action = useImportAction(imp.id);
  const dry = imp.dryRun;
  const running = imp.status === 'dry_running' || dry?.status === 'running';
  return (
    <Box>
      <FormAlert message={action.error ? problemMessage(action.error, t) : undefined} />
      {running || !dry ? (
        <>
          <Typography>{t('imports.dryRun.running')}</Typography>
          <ProgressPanel job={job} label={t('imports.steps.dryRun')} />
          <Button
            variant="outlined"
            startIcon={<StopCircle />}
            onClick={() => action.mutate('stop', { onSuccess: onMapping })}
            loading={action.isPending}
          >
            {t('imports.stop')}
          </Button>
        </>
      ) : (
        <>
          {dry.status === 'failed' ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {t('imports.dryRun.failed')}
            </Alert>
          ) : (
            <Typography sx={{ mb: 2 }}>
              {dry.rejected > 0 ? t('imports.dryRun.doneWithRejects') : t('imports.dryRun.doneClean')}
            </Typography>
          )}
          <CountsGrid counts={dry} prefix="dryRun" />
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            <Button
              variant="contained"
              onClick={() => action.mutate('run')}
              loading={action.isPending && action.variables === 'run'}
            >
              {t('imports.dryRun.run')}
            </Button>
            <Button variant="outlined" onClick={onMapping}>
              {t('imports.dryRun.changeMapping')}
            </Button>
            {dry.rejected > 0 ? <DownloadRejects id={imp.id} mode="dry_run" /> : null}
          </Box>
          {dry.rejected > 0 ? (
            <RowErrors id={imp.id} mode="dry_run" fields={imp.fields} total={dry.rejected} />
          ) : null}
        </>
      )}
    </Box>
  );
}

/** Step 4: the run's progress with stop; a stopped or failed run resumes after its last committed batch. */
function RunStep({ imp }: { imp: ImportView }) {
  const { t } = useTranslation();
  const { number } = useImportText();
  const job = useImportJob(imp);
  const action = useImportAction(imp.id);
  // A run whose job has ended without finishing the import (a crash) can be resumed too.
  const stuck = imp.status === 'running' && isFinished(job);
  const resumable = imp.status === 'stopped' || imp.status === 'failed' || stuck;
  return (
    <Box>
      <FormAlert message={action.error ? problemMessage(action.error, t) : undefined} />
      {imp.status === 'running' && !stuck ? (
        <>
          <Typography>{t('imports.run.running')}</Typography>
          <ProgressPanel job={job} label={t('imports.steps.run')} />
        </>
      ) : (
        <Alert severity={imp.status === 'stopped' ? 'info' : 'error'} sx={{ mb: 2 }} data-testid="run-state">
          {imp.status === 'stopped'
            ? t('imports.run.stopped', { row: number(imp.lastRow) })
            : t('imports.run.failed', { row: number(imp.lastRow) })}
        </Alert>
      )}
      <CountsGrid counts={imp.counts} prefix="report" />
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {resumable ? (
          <Button variant="contained" onClick={() => action.mutate('resume')} loading={action.isPending}>
            {t('imports.resume')}
          </Button>
        ) : (
          <Button
            variant="outlined"
            startIcon={<StopCircle />}
            onClick={() => action.mutate('stop')}
            loading={action.isPending}
          >
            {t('imports.stop')}
          </Button>
        )}
      </Box>
    </Box>
  );
}

/** Step 5: what the run did, when, and the rows it rejected (also as a CSV to fix and import again). */
function ReportStep({ imp, onAnother }: { imp: ImportView; onAnother: () => void }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const { number } = useImportText();
  const when = (value: string | null) =>
    value ? formatDate(new Date(value), prefs, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return (
    <Box>
      <Typography sx={{ mb: 2 }} data-testid="report-summary">
        {t('imports.report.summary', {
          rows: number(imp.rowsTotal ?? 0),
          started: when(imp.startedAt),
          finished: when(imp.finishedAt),
        })}
      </Typography>
      <CountsGrid counts={imp.counts} prefix="report" />
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button variant="contained" component={RouterLink} to={`/customers?type=${imp.type}`}>
          {t(`imports.report.show.${imp.type}`)}
        </Button>
        {imp.counts.rejected > 0 ? <DownloadRejects id={imp.id} mode="run" /> : null}
        <Button onClick={onAnother}>{t('imports.anotherFile')}</Button>
      </Box>
      {imp.counts.rejected > 0 ? (
        <RowErrors id={imp.id} mode="run" fields={imp.fields} total={imp.counts.rejected} />
      ) : null}
    </Box>
  );
}
