import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate } from '../../ui/format';
import { useLastChangeNote } from '../../ui/lastChange';
import { staleAwareMessage } from '../customers/staleErrors';
import { type Deal, type LostReason, type Stage, salesKeys } from './api';

/** Moving a deal into the lost stage: the organisation's reason list, and an optional note. */
export function LostDialog({
  deal,
  stage,
  onClose,
  onDone,
}: {
  deal: Deal;
  stage: Stage;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lastChangeNote = useLastChangeNote();
  const reasons = useQuery({
    queryKey: salesKeys.lostReasons,
    queryFn: () => api.get<{ items: LostReason[] }>('/api/v1/lost-reasons'),
  });
  const [reasonId, setReasonId] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.patchVersion(
        `/api/v1/deals/${deal.id}`,
        { stageId: stage.id, lostReasonId: reasonId, ...(note.trim() ? { lostNote: note.trim() } : {}) },
        deal.version,
      ),
    onSuccess: onDone,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!reasonId);
    if (reasonId) save.mutate();
  };
  const reasonError = serverFieldError(save.error, 'lostReasonId', t);
  const noteError = serverFieldError(save.error, 'lostNote', t);
  // A 409 (the deal changed since the board loaded) or anything not about these two fields.
  const otherError =
    reasonError || noteError
      ? undefined
      : staleAwareMessage(save.error, t, t('sales.board.conflict'), lastChangeNote);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('sales.lost.title', { name: isolate(deal.title) })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={otherError} />
            <TextField
              select
              required
              label={t('sales.lost.reason')}
              value={reasonId}
              onChange={(e) => setReasonId(e.target.value)}
              error={missing || !!reasonError}
              helperText={missing ? t('errors.field.required') : reasonError}
            >
              {(reasons.data?.items ?? []).map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {r.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('sales.lost.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              multiline
              minRows={2}
              slotProps={{ htmlInput: { maxLength: 1000 } }}
              error={!!noteError}
              helperText={noteError}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={save.isPending}>
            {t('sales.lost.confirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
