import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { CHANNELS, type Channel, type Entity } from './api';

/** Log a touchpoint in two clicks: the channel and direction are preset to an outgoing call. */
export function LogInteractionDialog({
  entity,
  id,
  open,
  onClose,
  onLogged,
}: {
  entity: Entity;
  id: string;
  open: boolean;
  onClose: () => void;
  onLogged: () => void;
}) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>('call');
  const [direction, setDirection] = useState<'in' | 'out'>('out');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const log = useMutation({
    mutationFn: () =>
      api.post('/api/v1/interactions', {
        channel,
        direction,
        initiator: direction === 'in' ? 'customer' : 'us',
        subject: subject.trim() || null,
        body: body.trim(),
        [`${entity}Id`]: id,
      }),
    onSuccess: onLogged,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts afresh
  useEffect(() => {
    if (open) {
      setSubject('');
      setBody('');
      log.reset();
    }
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate();
  };
  const subjectError = serverFieldError(log.error, 'subject', t);
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('customers.log.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={log.error && !subjectError ? problemMessage(log.error, t) : undefined} />
            <TextField
              select
              label={t('customers.log.channel')}
              value={channel}
              onChange={(event) => setChannel(event.target.value as Channel)}
            >
              {CHANNELS.map((c) => (
                <MenuItem key={c} value={c}>
                  {t(`customers.channel.${c}`)}
                </MenuItem>
              ))}
            </TextField>
            <RadioGroup
              row
              aria-label={t('customers.log.direction')}
              value={direction}
              onChange={(event) => setDirection(event.target.value as 'in' | 'out')}
            >
              <FormControlLabel value="out" control={<Radio />} label={t('customers.direction.out')} />
              <FormControlLabel value="in" control={<Radio />} label={t('customers.direction.in')} />
            </RadioGroup>
            <TextField
              label={t('customers.log.subject')}
              value={subject}
              onChange={(event) => setSubject(event.target.value)}
              error={Boolean(subjectError)}
              helperText={subjectError}
              autoFocus
            />
            <TextField
              label={t('customers.log.body')}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              multiline
              minRows={3}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={log.isPending}>
            {t('customers.log.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
