import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { JobRun } from './api';
import { useImportText } from './text';

/** A job's progress: rows done of total, rows per second and the time left, as the server reports them. */
export function ProgressPanel({ job, label }: { job: JobRun | undefined; label: string }) {
  const { t } = useTranslation();
  const { number, duration } = useImportText();
  const total = job?.total ?? null;
  const done = job?.progress ?? 0;
  const percent = total ? Math.min(100, (done / total) * 100) : undefined;
  return (
    <Box data-testid="job-progress" sx={{ my: 2 }}>
      <LinearProgress
        variant={percent === undefined ? 'indeterminate' : 'determinate'}
        value={percent}
        aria-label={label}
        sx={{ height: 8, borderRadius: 1, mb: 1 }}
      />
      <Box
        role="status"
        aria-live="polite"
        sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 3, rowGap: 0.5, color: 'text.secondary' }}
      >
        <Typography variant="body2" data-testid="job-rows">
          {total === null
            ? t('imports.progress.rowsSoFar', { done: number(done) })
            : t('imports.progress.rows', { done: number(done), total: number(total) })}
        </Typography>
        {job?.ratePerSecond ? (
          <Typography variant="body2">
            {t('imports.progress.rate', { rate: number(Math.round(job.ratePerSecond)) })}
          </Typography>
        ) : null}
        {job?.etaSeconds !== null && job?.etaSeconds !== undefined ? (
          <Typography variant="body2">
            {t('imports.progress.eta', { time: duration(job.etaSeconds) })}
          </Typography>
        ) : null}
      </Box>
    </Box>
  );
}
