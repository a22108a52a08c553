import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, formatFullDate } from '../../ui/format';
import { customerPageOf, TASK_KINDS, type Task, type TaskChange, type TaskKind, useChangeTask } from './api';
import { dayAndTime, instantOf } from './days';

/** A refused save because the task changed since it was shown (409 from If-Match, 412 from a proxy). */
export const isStale = (error: unknown) => isApiError(error, 409) || isApiError(error, 412);

/** The message for a failed task save: a stale version is said as such, the rest as any failed request. */
export function taskSaveMessage(error: unknown, t: TFunction): string | undefined {
  if (!error) return undefined;
  return isStale(error) ? t('calendar.conflict') : problemMessage(error, t);
}

/** Moves the keyboard (and a pointer) can make from the dialog, as a drag would: days or hours. */
const MOVES = [
  { key: 'dayEarlier', days: -1, minutes: 0 },
  { key: 'dayLater', days: 1, minutes: 0 },
  { key: 'weekLater', days: 7, minutes: 0 },
  { key: 'hourEarlier', days: 0, minutes: -60 },
  { key: 'hourLater', days: 0, minutes: 60 },
] as const;

/**
 * One task opened from the calendar or the tasks list: its title and kind, when it is due (moved by a day,
 * a week or an hour on the user's clock), done or open again, and the customer it belongs to. Saves carry
 * the version shown; when someone saved first, their version can be loaded and the change made again.
 */
export function TaskDialog({ task: shown, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [task, setTask] = useState(shown);
  const [title, setTitle] = useState(shown.title);
  const [kind, setKind] = useState<TaskKind>(shown.kind);
  const [dueAt, setDueAt] = useState(shown.dueAt);
  const change = useChangeTask();
  const save = (patch: TaskChange) =>
    change.mutate(
      { task, change: patch },
      { onSuccess: (saved) => (patch.status ? onClose() : setTask(saved)) },
    );
  const loadLatest = async () => {
    const latest = await api.get<Task>(`/api/v1/tasks/${task.id}`);
    setTask(latest);
    setTitle(latest.title);
    setKind(latest.kind);
    setDueAt(latest.dueAt);
    change.reset();
  };
  const move = (days: number, minutes: number) => {
    if (!dueAt) return;
    const now = dayAndTime(new Date(dueAt), prefs.timeZone);
    setDueAt(instantOf(now.day + days, now.minutes + minutes, prefs.timeZone).toISOString());
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: TaskChange = {};
    if (title.trim() !== task.title) patch.title = title.trim();
    if (kind !== task.kind) patch.kind = kind;
    if (dueAt !== task.dueAt) patch.dueAt = dueAt;
    if (Object.keys(patch).length === 0) onClose();
    else change.mutate({ task, change: patch }, { onSuccess: onClose });
  };
  const done = task.status === 'done';
  const customerPage = customerPageOf(task);
  const titleError = title.trim() ? serverFieldError(change.error, 'title', t) : t('errors.field.required');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('calendar.task.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {isStale(change.error) ? (
              <Alert
                severity="warning"
                role="alert"
                action={
                  <Button color="inherit" size="small" onClick={() => void loadLatest()}>
                    {t('calendar.task.reload')}
                  </Button>
                }
              >
                {t('calendar.task.conflict')}
              </Alert>
            ) : (
              <FormAlert
                message={change.error && !titleError ? problemMessage(change.error, t) : undefined}
              />
            )}
            <TextField
              label={t('calendar.task.name')}
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              error={Boolean(titleError)}
              helperText={titleError}
              required
            />
            <TextField
              select
              label={t('calendar.task.kind')}
              value={kind}
              onChange={(event) => setKind(event.target.value as TaskKind)}
            >
              {TASK_KINDS.map((option) => (
                <MenuItem key={option} value={option}>
                  {t(`calendar.kind.${option}`)}
                </MenuItem>
              ))}
            </TextField>
            <Box>
              <Typography variant="body2" color="text.secondary">
                {t('calendar.task.due')}
              </Typography>
              <Typography data-testid="task-due" aria-live="polite">
                {dueAt
                  ? t('calendar.task.dueAt', {
                      date: formatFullDate(new Date(dueAt), prefs),
                      time: formatDate(new Date(dueAt), prefs, { timeStyle: 'short' }),
                    })
                  : t('calendar.task.undated')}
              </Typography>
            </Box>
            {dueAt && (
              <Box
                role="group"
                aria-label={t('calendar.task.move')}
                sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}
              >
                {MOVES.map(({ key, days, minutes }) => (
                  <Button key={key} size="small" variant="outlined" onClick={() => move(days, minutes)}>
                    {t(`calendar.move.${key}`)}
                  </Button>
                ))}
              </Box>
            )}
            {customerPage && (
              <Link component={RouterLink} to={customerPage}>
                {t('calendar.task.customer')}
              </Link>
            )}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button
            onClick={() => save({ status: done ? 'open' : 'done' })}
            disabled={change.isPending || isStale(change.error)}
            sx={{ marginInlineEnd: 'auto' }}
          >
            {done ? t('calendar.task.reopen') : t('calendar.task.complete')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            loading={change.isPending}
            disabled={Boolean(titleError) || isStale(change.error)}
          >
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
