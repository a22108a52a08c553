import DeleteOutline from '@mui/icons-material/DeleteOutlineOutlined';
import FileDownload from '@mui/icons-material/FileDownloadOutlined';
import LabelOffOutlined from '@mui/icons-material/LabelOffOutlined';
import LabelOutlined from '@mui/icons-material/LabelOutlined';
import PersonOutline from '@mui/icons-material/PersonOutlineOutlined';
import SwapHoriz from '@mui/icons-material/SwapHoriz';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber } from '../../ui/format';
import { BulkBar, bulkMessage, MemberMenu } from '../../ui/lists/BulkBar';
import { useMembers } from '../admin/api';
import { ExportDialog } from '../imports/ExportDialog';
import { customerKeys, type Entity, PLURAL, type RelationshipState } from './api';
import { PhaseDialog } from './PhaseDialog';

/** The dialog's starting point when many records move: none of theirs in particular. */
const NO_PHASE: RelationshipState = { phase: null, subStage: null, since: null, version: 0 };

type BulkBody =
  | { action: 'assign'; ownerId: string }
  | { action: 'addTags' | 'removeTags'; tags: string[] }
  | { action: 'delete' };

/**
 * What can be done to the records chosen in a list at once: give them an owner, add or remove a tag,
 * export them, move them to the recycle bin. The server changes all of them or none.
 */
export function BulkActions({ entity, ids, onDone }: { entity: Entity; ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const n = (value: number) => formatNumber(value, prefs);
  const queryClient = useQueryClient();
  const members = useMembers();
  const [ownerMenu, setOwnerMenu] = useState<HTMLElement | null>(null);
  const ownerMenuId = useId();
  const [tagging, setTagging] = useState<'addTags' | 'removeTags' | null>(null);
  const [tag, setTag] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [movingPhase, setMovingPhase] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const bulk = useMutation({
    mutationFn: (body: BulkBody) =>
      api.post<{ changed: number }>(`/api/v1/${PLURAL[entity]}/bulk`, { ...body, ids }),
    onSuccess: ({ changed }) => {
      setDone(t('lists.bulk.done', { n: n(changed) }));
      setTagging(null);
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
      onDone();
    },
  });
  const submitTag = (event: FormEvent) => {
    event.preventDefault();
    if (tagging && tag.trim()) bulk.mutate({ action: tagging, tags: [tag.trim()] });
  };

  return (
    <>
      <BulkBar count={ids.length}>
        <Button
          startIcon={<PersonOutline />}
          aria-haspopup="menu"
          aria-controls={ownerMenu ? ownerMenuId : undefined}
          onClick={(event) => setOwnerMenu(event.currentTarget)}
        >
          {t('customers.bulk.assign')}
        </Button>
        <Button startIcon={<LabelOutlined />} onClick={() => setTagging('addTags')}>
          {t('customers.bulk.addTag')}
        </Button>
        <Button startIcon={<LabelOffOutlined />} onClick={() => setTagging('removeTags')}>
          {t('customers.bulk.removeTag')}
        </Button>
        {entity !== 'lead' && (
          <Button startIcon={<SwapHoriz />} onClick={() => setMovingPhase(true)}>
            {t('customers.phase.change')}
          </Button>
        )}
        <Button startIcon={<FileDownload />} onClick={() => setExporting(true)}>
          {t('imports.exportAction')}
        </Button>
        <Button color="error" startIcon={<DeleteOutline />} onClick={() => setDeleting(true)}>
          {t('customers.bulk.delete')}
        </Button>
      </BulkBar>
      {!tagging && !deleting && (
        <FormAlert message={bulk.error ? bulkMessage(bulk.error, t, n) : undefined} />
      )}
      {done && <FormAlert severity="success" message={done} />}
      <MemberMenu
        id={ownerMenuId}
        anchor={ownerMenu}
        members={members.data ?? []}
        onClose={() => setOwnerMenu(null)}
        onChoose={(ownerId) => bulk.mutate({ action: 'assign', ownerId })}
      />
      <Dialog open={tagging !== null} onClose={() => setTagging(null)} fullWidth maxWidth="xs">
        <form onSubmit={submitTag} noValidate>
          <DialogTitle>
            {tagging === 'removeTags'
              ? t('customers.bulk.removeTagTitle', { n: n(ids.length) })
              : t('customers.bulk.addTagTitle', { n: n(ids.length) })}
          </DialogTitle>
          <DialogContent>
            <FormAlert message={bulk.error ? bulkMessage(bulk.error, t, n) : undefined} />
            <TextField
              autoFocus
              label={t('customers.bulk.tag')}
              value={tag}
              onChange={(event) => setTag(event.target.value)}
              sx={{ mt: 1 }}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setTagging(null)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="contained" loading={bulk.isPending} disabled={!tag.trim()}>
              {t('common.save')}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleting}
        title={t('customers.bulk.deleteTitle', { n: n(ids.length) })}
        message={t('customers.bulk.deleteMessage')}
        confirm={t('customers.bulk.delete')}
        action={{
          isPending: bulk.isPending,
          error: bulk.error,
          mutate: (_input, options) => bulk.mutate({ action: 'delete' }, options),
        }}
        onClose={() => setDeleting(false)}
      />
      {entity !== 'lead' && (
        <PhaseDialog
          entity={entity}
          id=""
          bulkIds={ids}
          current={NO_PHASE}
          name={t('customers.bulk.records', { n: n(ids.length) })}
          open={movingPhase}
          onClose={() => setMovingPhase(false)}
          onChanged={() => {
            setMovingPhase(false);
            setDone(t('customers.bulk.moved', { n: n(ids.length) }));
            void queryClient.invalidateQueries({ queryKey: customerKeys.all });
            onDone();
          }}
        />
      )}
      <ExportDialog
        entity={entity}
        q=""
        filter={{ and: [{ field: 'id', op: 'in', value: ids }] }}
        open={exporting}
        onClose={() => setExporting(false)}
      />
    </>
  );
}
