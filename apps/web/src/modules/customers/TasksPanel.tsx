import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate } from '../../ui/format';
import { type Due, DueChoiceField, dueAtOf } from '../calendar/DueChoice';
import { type Customer360, type Entity, useRefreshCustomer } from './api';

/** The customer's open tasks: add one (title and when it is due), tick one off. */
export function TasksPanel({
  entity,
  id,
  tasks,
}: {
  entity: Entity;
  id: string;
  tasks: Customer360['openTasks'];
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const refresh = useRefreshCustomer(entity, id);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState<Due>('tomorrow');
  const [missingTitle, setMissingTitle] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      api.post('/api/v1/tasks', {
        title: title.trim(),
        dueAt: dueAtOf(due, prefs.timeZone),
        [`${entity}Id`]: id,
      }),
    onSuccess: () => {
      setTitle('');
      void refresh();
    },
  });
  const done = useMutation({
    mutationFn: (taskId: string) => api.patch(`/api/v1/tasks/${taskId}`, { status: 'done' }),
    onSuccess: () => void refresh(),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingTitle(!title.trim());
    if (title.trim()) add.mutate();
  };
  const titleError = missingTitle ? t('errors.field.required') : serverFieldError(add.error, 'title', t);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="tasks-title">
      <Typography variant="h2" id="tasks-title" sx={{ mb: 1 }}>
        {t('customers.tasks.title')}
      </Typography>
      <FormAlert
        message={
          (add.error && !titleError ? problemMessage(add.error, t) : undefined) ??
          (done.error ? problemMessage(done.error, t) : undefined)
        }
      />
      {tasks.length === 0 ? (
        <Typography color="text.secondary">{t('customers.tasks.none')}</Typography>
      ) : (
        <List dense disablePadding data-testid="tasks">
          {tasks.map((task) => (
            <ListItem key={task.id} disableGutters>
              <ListItemIcon sx={{ minWidth: 40 }}>
                <Checkbox
                  edge="start"
                  checked={false}
                  disabled={done.isPending}
                  onChange={() => done.mutate(task.id)}
                  slotProps={{
                    input: { 'aria-label': t('customers.tasks.markDone', { title: task.title }) },
                  }}
                />
              </ListItemIcon>
              <ListItemText
                primary={task.title}
                secondary={
                  task.dueAt
                    ? t('customers.tasks.due', {
                        date: formatDate(new Date(task.dueAt), prefs, {
                          dateStyle: 'medium',
                          timeStyle: 'short',
                        }),
                      })
                    : null
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      <Box
        component="form"
        onSubmit={submit}
        noValidate
        sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}
      >
        <TextField
          size="small"
          label={t('customers.tasks.new')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={Boolean(titleError)}
          helperText={titleError}
          sx={{ flex: '2 1 160px' }}
        />
        <DueChoiceField value={due} onChange={setDue} />
        <Button type="submit" variant="outlined" loading={add.isPending}>
          {t('customers.tasks.add')}
        </Button>
      </Box>
    </Paper>
  );
}
