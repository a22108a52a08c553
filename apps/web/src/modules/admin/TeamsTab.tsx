import Add from '@mui/icons-material/Add';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { adminKeys, type Member, type Team, useAdminMutation, useMembers, useTeams } from './api';
import { fieldError, hasFieldErrors, Section, useFormat } from './shared';

interface TeamInput {
  name: string;
  memberIds: string[];
}

/** Creates a team (team undefined) or renames one and sets its members. */
function TeamDialog({
  team,
  members,
  open,
  onClose,
}: {
  team?: Team;
  members: Member[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);
  const save = useAdminMutation(
    (body: TeamInput) =>
      team
        ? api.patchVersion<Team>(`/api/v1/teams/${team.id}`, body, team.version)
        : api.post<Team>('/api/v1/teams', body),
    [adminKeys.teams, adminKeys.members],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name: name.trim(), memberIds }, { onSuccess: onClose });
  };
  const nameError = fieldError(save.error, 'name', t);
  const membersError = fieldError(save.error, 'memberIds', t);
  const formError =
    save.error && !hasFieldErrors(save.error, ['name', 'memberIds'])
      ? problemMessage(save.error, t)
      : undefined;
  const selected = members.filter((m) => memberIds.includes(m.id));
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{team ? t('admin.teams.editTitle') : t('admin.teams.create')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={formError} />
            <TextField
              name="name"
              label={t('admin.teams.name')}
              value={name}
              required
              autoFocus
              onChange={(event) => setName(event.target.value)}
              error={Boolean(nameError)}
              helperText={nameError}
            />
            <Autocomplete
              multiple
              options={members}
              value={selected}
              getOptionLabel={(m) => m.name}
              isOptionEqualToValue={(a, b) => a.id === b.id}
              onChange={(_event, value) => setMemberIds(value.map((m) => m.id))}
              noOptionsText={t('admin.teams.noMembers')}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label={t('admin.teams.members')}
                  error={Boolean(membersError)}
                  helperText={membersError}
                />
              )}
            />
          </Stack>
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

function TeamRow({ team, members }: { team: Team; members: Member[] }) {
  const { t } = useTranslation();
  const { number } = useFormat();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useAdminMutation(
    () => api.delete(`/api/v1/teams/${team.id}`),
    [adminKeys.teams, adminKeys.members],
  );
  const names = members.filter((m) => team.memberIds.includes(m.id));
  return (
    <ListItem divider sx={{ px: 0, display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="team">
      <Box sx={{ flex: '1 1 240px', minWidth: 0 }}>
        <Typography sx={{ fontWeight: 600 }}>{team.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t('admin.teams.memberCount', { n: number(team.memberIds.length) })}
        </Typography>
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
          {names.map((m) => (
            <Chip key={m.id} size="small" label={m.name} />
          ))}
        </Box>
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          variant="outlined"
          onClick={() => setEditing(true)}
          aria-label={t('admin.teams.editNamed', { name: team.name })}
        >
          {t('admin.edit')}
        </Button>
        <Button
          color="error"
          onClick={() => setDeleting(true)}
          aria-label={t('admin.teams.deleteNamed', { name: team.name })}
        >
          {t('admin.delete')}
        </Button>
      </Box>
      {editing ? <TeamDialog team={team} members={members} open onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog
        open={deleting}
        title={t('admin.teams.deleteTitle')}
        message={t('admin.teams.deleteMessage', { name: isolate(team.name) })}
        confirm={t('admin.delete')}
        action={remove}
        onClose={() => setDeleting(false)}
      />
    </ListItem>
  );
}

export function TeamsTab() {
  const { t } = useTranslation();
  const teams = useTeams();
  const members = useMembers();
  const [creating, setCreating] = useState(false);
  if (teams.isPending || members.isPending) return <PageLoader />;
  if (teams.isError || members.isError)
    return <ErrorState onRetry={() => void Promise.all([teams.refetch(), members.refetch()])} />;
  return (
    <Section
      title={t('admin.tabs.teams')}
      action={
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t('admin.teams.create')}
        </Button>
      }
    >
      {teams.data.length ? (
        <List data-testid="teams">
          {teams.data.map((team) => (
            <TeamRow key={team.id} team={team} members={members.data} />
          ))}
        </List>
      ) : (
        <Typography color="text.secondary">{t('admin.teams.empty')}</Typography>
      )}
      {creating ? <TeamDialog members={members.data} open onClose={() => setCreating(false)} /> : null}
    </Section>
  );
}
