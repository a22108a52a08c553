import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, isolate } from '../../ui/format';
import {
  ENDED_BY,
  type EndedBy,
  PHASES,
  type Phase,
  PLURAL,
  type RelationshipState,
  SUB_STAGES,
  type SubStage,
} from './api';

interface PhaseChangeEntry {
  toPhase: Phase;
  changedByName: string | null;
  changedAt: string;
}

/** Who moved the relationship last, to what and when: said when our move lost the race (409). */
interface Conflict {
  latest: RelationshipState;
  by: string;
  phase: Phase | null;
  at: string;
}

/**
 * Move the relationship to a phase, with the reason (kept in the history). Exploration asks for its
 * sub-stage; dissolution asks which side ended it, as the seeds' relationship model requires. The move
 * is sent with the version the user saw (If-Match): when someone moved it meanwhile, the dialog says
 * who, to what and when, and a second save moves it from there. `target` preselects the phase (a card
 * dropped on a board column); `name` names the customer in the title. With `bulkIds` it moves all those
 * records (of `entity`) at once, every one or none, without a version (the list's bulk action).
 */
export function PhaseDialog({
  entity,
  id,
  current,
  target,
  name,
  bulkIds,
  open,
  onClose,
  onChanged,
}: {
  entity: 'contact' | 'account';
  bulkIds?: string[] | undefined;
  id: string;
  current: RelationshipState;
  target?: Phase | undefined;
  name?: string | undefined;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [phase, setPhase] = useState<Phase>('awareness');
  const [subStage, setSubStage] = useState<SubStage>('attraction');
  const [endedBy, setEndedBy] = useState<EndedBy>('customer');
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const path = `/api/v1/${PLURAL[entity]}/${id}`;
  const change = useMutation({
    mutationFn: (version: number) => {
      const body = {
        phase,
        reason: reason.trim(),
        ...(phase === 'exploration' ? { subStage } : {}),
        ...(phase === 'dissolution' ? { endedBy } : {}),
      };
      return bulkIds
        ? api.post('/api/v1/relationships/phase', { type: entity, ids: bulkIds, change: body })
        : api.postVersion(`${path}/phase`, body, version);
    },
    onSuccess: onChanged,
    onError: async (error) => {
      if (!isApiError(error, 409)) return;
      const [latest, history] = await Promise.all([
        api.get<RelationshipState>(`${path}/phase`),
        api.get<{ items: PhaseChangeEntry[] }>(`${path}/phase-history`),
      ]);
      const last = history.items[0];
      setConflict({
        latest,
        phase: latest.phase,
        by: last?.changedByName ?? t('customers.timeline.system'),
        at: formatDate(new Date(last?.changedAt ?? Date.now()), prefs, {
          dateStyle: 'medium',
          timeStyle: 'short',
        }),
      });
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts from the current phase
  useEffect(() => {
    if (open) {
      setPhase(target ?? current.phase ?? 'awareness');
      setSubStage(current.subStage ?? 'attraction');
      setReason('');
      setMissingReason(false);
      setConflict(null);
      change.reset();
    }
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The reason goes into the phase history; asked for here rather than left to the server's English.
    setMissingReason(!reason.trim());
    if (reason.trim()) change.mutate(conflict?.latest.version ?? current.version);
  };
  const reasonError = missingReason
    ? t('errors.field.required')
    : serverFieldError(change.error, 'reason', t);
  const phaseError = serverFieldError(change.error, 'phase', t);
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>
          {name ? t('customers.phase.changeNamed', { name: isolate(name) }) : t('customers.phase.change')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {conflict ? (
              <Alert severity="warning" role="alert">
                {t('customers.phase.conflict', {
                  name: isolate(conflict.by),
                  phase: conflict.phase ? t(`customers.phase.${conflict.phase}`) : t('customers.phase.none'),
                  at: conflict.at,
                })}
              </Alert>
            ) : (
              <FormAlert
                message={
                  change.error && !reasonError && !phaseError ? problemMessage(change.error, t) : undefined
                }
              />
            )}
            <TextField
              select
              label={t('customers.phase.label')}
              value={phase}
              onChange={(event) => setPhase(event.target.value as Phase)}
              error={Boolean(phaseError)}
              helperText={phaseError && t('customers.phase.notAllowed')}
            >
              {PHASES.map((p) => (
                <MenuItem key={p} value={p}>
                  {t(`customers.phase.${p}`)}
                </MenuItem>
              ))}
            </TextField>
            {phase === 'exploration' && (
              <TextField
                select
                label={t('customers.phase.subStage')}
                value={subStage}
                onChange={(event) => setSubStage(event.target.value as SubStage)}
              >
                {SUB_STAGES.map((s) => (
                  <MenuItem key={s} value={s}>
                    {t(`customers.subStage.${s}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {phase === 'dissolution' && (
              <TextField
                select
                label={t('customers.phase.endedBy')}
                value={endedBy}
                onChange={(event) => setEndedBy(event.target.value as EndedBy)}
              >
                {ENDED_BY.map((side) => (
                  <MenuItem key={side} value={side}>
                    {t(`customers.endedBy.${side}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              label={
                phase === 'dissolution' ? t('customers.phase.dissolutionReason') : t('customers.phase.reason')
              }
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              multiline
              minRows={2}
              error={Boolean(reasonError)}
              helperText={reasonError}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={change.isPending}>
            {conflict ? t('customers.phase.saveAnyway') : t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
