import CheckCircleOutline from '@mui/icons-material/CheckCircleOutlineOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutlineOutlined';
import EventOutlined from '@mui/icons-material/EventOutlined';
import FileDownload from '@mui/icons-material/FileDownloadOutlined';
import PersonOutline from '@mui/icons-material/PersonOutlineOutlined';
import Replay from '@mui/icons-material/Replay';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber } from '../../ui/format';
import { LazyDateField } from '../../ui/LazyDateField';
import { BulkBar, bulkMessage, MemberMenu } from '../../ui/lists/BulkBar';
import { useMembers } from '../admin/api';
import { ExportDialog } from '../imports/ExportDialog';
import { taskKeys } from './api';
import { dueAtOnDay } from './DueChoice';

type BulkBody =
  | { action: 'assign'; assigneeId: string }
  | { action: 'complete' | 'reopen' | 'delete' }
  | { action: 'reschedule'; dueAt: string | null };

/**
 * What can be done to the tasks chosen in the list at once: give them to a colleague, mark them done or
 * open again, give them a new due day, export them, move them to the recycle bin. The server changes all or
 * none.
 */
export function TaskBulkActions({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const n = (value: number) => formatNumber(value, prefs);
  const queryClient = useQueryClient();
  const members = useMembers();
  const [assignMenu, setAssignMenu] = useState<HTMLElement | null>(null);
  const assignMenuId = useId();
  const [rescheduling, setRescheduling] = useState(false);
  const [day, setDay] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const bulk = useMutation({
    mutationFn: (body: BulkBody) => api.post<{ changed: number }>('/api/v1/tasks/bulk', { ...body, ids }),
    onSuccess: ({ changed }) => {
      setDone(t('lists.bulk.done', { n: n(changed) }));
      setRescheduling(false);
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      onDone();
    },
  });
  const run = (body: BulkBody) => {
    setDone(null);
    bulk.mutate(body);
  };
  const submitDay = (event: FormEvent) => {
    event.preventDefault();
    run({ action: 'reschedule', dueAt: day ? dueAtOnDay(day, prefs.timeZone) : null });
  };
  const message = bulk.error ? bulkMessage(bulk.error, t, n) : undefined;

  return (
    <>
      <BulkBar count={ids.length}>
        <Button
          startIcon={<PersonOutline />}
          aria-haspopup="menu"
          aria-controls={assignMenu ? assignMenuId : undefined}
          onClick={(event) => setAssignMenu(event.currentTarget)}
        >
          {t('customers.bulk.assign')}
        </Button>
        <Button startIcon={<CheckCircleOutline />} onClick={() => run({ action: 'complete' })}>
          {t('tasks.bulk.complete')}
        </Button>
        <Button startIcon={<Replay />} onClick={() => run({ action: 'reopen' })}>
          {t('tasks.bulk.reopen')}
        </Button>
        <Button
          startIcon={<EventOutlined />}
          onClick={() => {
            bulk.reset();
            setDay(null);
            setRescheduling(true);
          }}
        >
          {t('tasks.bulk.reschedule')}
        </Button>
        <Button startIcon={<FileDownload />} onClick={() => setExporting(true)}>
          {t('imports.exportAction')}
        </Button>
        <Button color="error" startIcon={<DeleteOutline />} onClick={() => setDeleting(true)}>
          {t('customers.bulk.delete')}
        </Button>
      </BulkBar>
      {!rescheduling && !deleting && <FormAlert message={message} />}
      {done && <FormAlert severity="success" message={done} />}
      <MemberMenu
        id={assignMenuId}
        anchor={assignMenu}
        members={members.data ?? []}
        onClose={() => setAssignMenu(null)}
        onChoose={(assigneeId) => run({ action: 'assign', assigneeId })}
      />
      <Dialog open={rescheduling} onClose={() => setRescheduling(false)} fullWidth maxWidth="xs">
        <form onSubmit={submitDay} noValidate>
          <DialogTitle>{t('tasks.bulk.rescheduleTitle', { n: n(ids.length) })}</DialogTitle>
          <DialogContent>
            <FormAlert message={message} />
            <Box sx={{ mt: 1 }}>
              <LazyDateField label={t('tasks.bulk.due')} value={day} onChange={setDay} fullWidth />
            </Box>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setRescheduling(false)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="contained" loading={bulk.isPending}>
              {t('common.save')}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleting}
        title={t('tasks.bulk.deleteTitle', { n: n(ids.length) })}
        message={t('customers.bulk.deleteMessage')}
        confirm={t('customers.bulk.delete')}
        action={{
          isPending: bulk.isPending,
          error: bulk.error,
          mutate: (_input, options) => bulk.mutate({ action: 'delete' }, options),
        }}
        onClose={() => setDeleting(false)}
      />
      <ExportDialog
        entity="task"
        q=""
        filter={{ and: [{ field: 'id', op: 'in', value: ids }] }}
        open={exporting}
        onClose={() => setExporting(false)}
      />
    </>
  );
}
