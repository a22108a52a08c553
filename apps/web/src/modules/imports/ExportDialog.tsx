import Download from '@mui/icons-material/DownloadOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate } from '../../ui/format';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportType,
  exportFileUrl,
  isFinished,
  useExport,
  useJobProgress,
  useStartExport,
} from './api';
import { ProgressPanel } from './ProgressPanel';
import { FORMAT_NAMES, useImportText } from './text';

/**
 * Exports a list (contacts, accounts, leads or tasks) as it is filtered now (its search and filter) to CSV,
 * XLSX or vCard (contacts): a job on the
 * server, followed live; then the file to download. Column titles are in the UI language.
 */
export function ExportDialog({
  entity,
  q,
  filter,
  open,
  onClose,
}: {
  entity: ExportType;
  q: string;
  /** The list's filter as the API takes it, when one is applied. */
  filter?: Record<string, unknown> | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { number } = useImportText();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = useStartExport();
  const started = start.data ?? null;
  const job = useJobProgress(started?.jobId ?? null);
  const done = isFinished(job);
  const exp = useExport(started?.id ?? null, done);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts afresh
  useEffect(() => {
    if (open) {
      start.reset();
      setFormat('csv');
    }
  }, [open, entity]);

  const formats = EXPORT_FORMATS.filter((f) => f !== 'vcard' || entity === 'contact');
  const search = q.trim();
  const file = exp.data?.status === 'completed' ? exp.data : null;
  const failed = exp.data?.status === 'failed' || job?.status === 'failed';
  const error = start.error ?? exp.error;
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="export-title">
      <DialogTitle id="export-title">{t(`imports.export.title.${entity}`)}</DialogTitle>
      <DialogContent>
        <FormAlert message={error ? problemMessage(error, t) : undefined} />
        <Typography sx={{ mb: 2 }}>
          {filter
            ? t('imports.export.withFilter')
            : search
              ? t('imports.export.filtered', { q: isolate(search) })
              : t('imports.export.all')}
        </Typography>
        {!started ? (
          <FormControl component="fieldset">
            <FormLabel component="legend">{t('imports.export.format')}</FormLabel>
            <RadioGroup value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
              {formats.map((f) => (
                <FormControlLabel
                  key={f}
                  value={f}
                  control={<Radio />}
                  label={t(`imports.export.formats.${f}`, { name: FORMAT_NAMES[f] })}
                />
              ))}
            </RadioGroup>
          </FormControl>
        ) : file ? (
          <Alert severity="success" data-testid="export-done">
            {t('imports.export.done', { rows: number(file.rowsWritten) })}
          </Alert>
        ) : failed ? (
          <Alert severity="error">{t('imports.export.failed')}</Alert>
        ) : (
          <ProgressPanel job={job} label={t('imports.export.running')} />
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={onClose}>{started ? t('imports.export.close') : t('common.cancel')}</Button>
        {file ? (
          <Button
            variant="contained"
            component="a"
            href={exportFileUrl(file.id)}
            download
            startIcon={<Download />}
          >
            {t('imports.export.download', { name: FORMAT_NAMES[file.format] })}
          </Button>
        ) : !started ? (
          <Button
            variant="contained"
            loading={start.isPending}
            onClick={() =>
              start.mutate({
                type: entity,
                format,
                ...(search ? { q: search } : {}),
                ...(filter ? { filter } : {}),
                headers: i18n.language === 'en' ? 'en' : 'fa',
              })
            }
          >
            {t('imports.export.start')}
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
