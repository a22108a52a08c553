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
import { api } from '../../api/client';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { type Customer360, ENDED_BY, PHASES, type Phase, PLURAL, SUB_STAGES, type SubStage } from './api';

/**
 * Move the relationship to a phase, with the reason (kept in the history). Exploration asks for its
 * sub-stage; dissolution asks which side ended it, as the seeds' relationship model requires.
 */
export function PhaseDialog({
  entity,
  id,
  current,
  open,
  onClose,
  onChanged,
}: {
  entity: 'contact' | 'account';
  id: string;
  current: Customer360['relationship'];
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('awareness');
  const [subStage, setSubStage] = useState<SubStage>('attraction');
  const [endedBy, setEndedBy] = useState<(typeof ENDED_BY)[number]>('customer');
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      api.post(`/api/v1/${PLURAL[entity]}/${id}/phase`, {
        phase,
        reason: reason.trim(),
        ...(phase === 'exploration' ? { subStage } : {}),
        ...(phase === 'dissolution' ? { endedBy } : {}),
      }),
    onSuccess: onChanged,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts from the current phase
  useEffect(() => {
    if (open) {
      setPhase(current.phase ?? 'awareness');
      setSubStage(current.subStage ?? 'attraction');
      setReason('');
      setMissingReason(false);
      change.reset();
    }
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The reason goes into the phase history; asked for here rather than left to the server's English.
    setMissingReason(!reason.trim());
    if (reason.trim()) change.mutate();
  };
  const reasonError = missingReason
    ? t('errors.field.required')
    : serverFieldError(change.error, 'reason', t);
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('customers.phase.change')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={change.error && !reasonError ? problemMessage(change.error, t) : undefined} />
            <TextField
              select
              label={t('customers.phase.label')}
              value={phase}
              onChange={(event) => setPhase(event.target.value as Phase)}
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
                onChange={(event) => setEndedBy(event.target.value as (typeof ENDED_BY)[number])}
              >
                {ENDED_BY.map((side) => (
                  <MenuItem key={side} value={side}>
                    {t(`customers.endedBy.${side}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              label={t('customers.phase.reason')}
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
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
