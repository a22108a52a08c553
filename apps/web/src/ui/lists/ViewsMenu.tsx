import Bookmark from '@mui/icons-material/BookmarkBorder';
import Business from '@mui/icons-material/BusinessOutlined';
import Groups from '@mui/icons-material/GroupsOutlined';
import Lock from '@mui/icons-material/LockOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { ConfirmDialog } from '../ConfirmDialog';
import { problemMessage, serverFieldError } from '../errors';
import { FormAlert } from '../FormAlert';
import {
  type SavedView,
  useDeleteView,
  useMyTeams,
  useSaveView,
  useUpdateView,
  useViews,
  type ViewState,
  type Visibility,
} from './lists';

const VISIBILITY_ICONS = { private: Lock, team: Groups, organization: Business } as const;

/** Server codes of the views endpoints that the shared error messages do not cover. */
const VIEW_CODES: Record<string, string> = {
  taken: 'lists.views.errors.taken',
  not_member: 'lists.views.errors.notMember',
};

function viewFieldError(error: unknown, field: string, t: TFunction): string | undefined {
  const code = isApiError(error) ? error.fields[field]?.code : undefined;
  const key = code ? VIEW_CODES[code] : undefined;
  return key ? t(key) : serverFieldError(error, field, t);
}

/**
 * Saved views of one list: apply one, save what the list shows now as a new view (private, for a team
 * or the organisation), save changes into the view in use or delete it (its owner or an administrator).
 */
export function ViewsMenu({
  entity,
  activeId,
  state,
  onApply,
  onDeleted,
}: {
  entity: string;
  activeId: string | null;
  state: ViewState;
  onApply: (view: SavedView) => void;
  /** The view in use was deleted: the list keeps what it shows, no longer as that view. */
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const views = useViews(entity);
  const update = useUpdateView(entity);
  const remove = useDeleteView(entity);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const active = views.data?.find((v) => v.id === activeId) ?? null;
  const close = () => setAnchor(null);
  return (
    <>
      <Button
        startIcon={<Bookmark />}
        variant="outlined"
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        data-testid="views-button"
        sx={{ maxWidth: 260 }}
      >
        <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {active ? active.name : t('lists.views.button')}
        </Box>
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={close}>
        <ListSubheader>{t('lists.views.saved')}</ListSubheader>
        {views.data?.length === 0 && (
          <MenuItem disabled>
            <ListItemText>{t('lists.views.none')}</ListItemText>
          </MenuItem>
        )}
        {views.data?.map((view) => {
          const Icon = VISIBILITY_ICONS[view.visibility];
          return (
            <MenuItem
              key={view.id}
              selected={view.id === activeId}
              onClick={() => {
                onApply(view);
                close();
              }}
            >
              <ListItemIcon>
                <Icon fontSize="small" titleAccess={t(`lists.views.visibility.${view.visibility}`)} />
              </ListItemIcon>
              <ListItemText>{view.name}</ListItemText>
            </MenuItem>
          );
        })}
        <Divider />
        <MenuItem
          onClick={() => {
            setSaving(true);
            close();
          }}
        >
          {t('lists.views.saveAs')}
        </MenuItem>
        {active?.editable && (
          <MenuItem
            onClick={() => {
              update.mutate({ view: active, state });
              close();
            }}
          >
            {t('lists.views.update', { name: active.name })}
          </MenuItem>
        )}
        {active?.editable && (
          <MenuItem
            onClick={() => {
              remove.reset();
              setDeleting(true);
              close();
            }}
          >
            {t('lists.views.delete', { name: active.name })}
          </MenuItem>
        )}
      </Menu>
      {update.error ? <FormAlert message={problemMessage(update.error, t)} /> : null}
      <SaveViewDialog
        entity={entity}
        open={saving}
        state={state}
        onClose={() => setSaving(false)}
        onSaved={(view) => {
          setSaving(false);
          onApply(view);
        }}
      />
      {active && (
        <ConfirmDialog
          open={deleting}
          title={t('lists.views.deleteTitle')}
          message={t('lists.views.deleteMessage', { name: active.name })}
          confirm={t('lists.views.deleteConfirm')}
          action={{
            isPending: remove.isPending,
            error: remove.error,
            mutate: (_input, options) =>
              remove.mutate(active, {
                onSuccess: () => {
                  options.onSuccess();
                  onDeleted();
                },
              }),
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </>
  );
}

function SaveViewDialog({
  entity,
  open,
  state,
  onClose,
  onSaved,
}: {
  entity: string;
  open: boolean;
  state: ViewState;
  onClose: () => void;
  onSaved: (view: SavedView) => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const teams = useMyTeams(me?.user.id);
  const save = useSaveView(entity);
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('private');
  const [teamId, setTeamId] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts afresh
  useEffect(() => {
    if (open) {
      save.reset();
      setName('');
      setVisibility('private');
      setTeamId('');
    }
  }, [open]);
  const myTeams = teams.data ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { ...state, name, visibility, teamId: visibility === 'team' ? teamId || null : null },
      { onSuccess: onSaved },
    );
  };
  const nameError = viewFieldError(save.error, 'name', t);
  const teamError = viewFieldError(save.error, 'teamId', t);
  const general = save.error && !nameError && !teamError ? problemMessage(save.error, t) : undefined;
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="save-view-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="save-view-title">{t('lists.views.saveTitle')}</DialogTitle>
        <DialogContent>
          <FormAlert message={general} />
          <TextField
            autoFocus
            required
            fullWidth
            margin="dense"
            name="name"
            label={t('lists.views.name')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={Boolean(nameError)}
            helperText={nameError}
          />
          <FormControl component="fieldset" sx={{ mt: 2 }}>
            <FormLabel component="legend">{t('lists.views.shareWith')}</FormLabel>
            <RadioGroup
              value={visibility}
              onChange={(event) => setVisibility(event.target.value as Visibility)}
            >
              <FormControlLabel
                value="private"
                control={<Radio />}
                label={t('lists.views.visibility.private')}
              />
              <FormControlLabel
                value="team"
                control={<Radio />}
                label={t('lists.views.visibility.team')}
                disabled={myTeams.length === 0}
              />
              <FormControlLabel
                value="organization"
                control={<Radio />}
                label={t('lists.views.visibility.organization')}
              />
            </RadioGroup>
          </FormControl>
          {visibility === 'team' && (
            <TextField
              select
              fullWidth
              margin="dense"
              name="teamId"
              label={t('lists.views.team')}
              value={teamId}
              onChange={(event) => setTeamId(event.target.value)}
              error={Boolean(teamError)}
              helperText={teamError}
            >
              {myTeams.map((team) => (
                <MenuItem key={team.id} value={team.id}>
                  {team.name}
                </MenuItem>
              ))}
            </TextField>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
