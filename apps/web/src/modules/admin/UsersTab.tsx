import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../api/queries';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import {
  adminKeys,
  type CreatedInvitation,
  type Invitation,
  type Member,
  type Role,
  type Team,
  useAdminMutation,
  useInvitations,
  useMembers,
  useRoles,
  useTeams,
} from './api';
import {
  CopyField,
  fieldError,
  hasFieldErrors,
  Ltr,
  RoleSelect,
  Section,
  useFormat,
  useRoleLabel,
} from './shared';

function MemberRow({ member, roles, teams }: { member: Member; roles: Role[]; teams: Team[] }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel(roles);
  const { day } = useFormat();
  const me = useMe().data;
  const update = useAdminMutation(
    (patch: Partial<Pick<Member, 'role' | 'status'>>) =>
      api.patchVersion<Member>(`/api/v1/users/${member.id}`, patch, member.version),
    [adminKeys.members],
  );
  const error = update.error
    ? (fieldError(update.error, 'role', t) ?? problemMessage(update.error, t))
    : null;
  const active = member.status === 'active';
  // Your own role and status are changed by another owner, so nobody locks themselves out.
  const self = member.id === me?.user.id;
  const memberTeams = teams.filter((team) => member.teamIds.includes(team.id));
  return (
    <ListItem divider sx={{ display: 'block', px: 0 }} data-testid="member">
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
          <Typography sx={{ fontWeight: 600 }}>
            {member.name}
            {self ? (
              <Typography component="span" color="text.secondary">
                {' '}
                {t('admin.users.you')}
              </Typography>
            ) : null}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            <Ltr>{member.email}</Ltr>
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('admin.users.since', { date: day(member.createdAt) })}
          </Typography>
        </Box>
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', flex: '1 1 160px' }}>
          <Chip
            size="small"
            color={active ? 'success' : 'default'}
            label={t(`admin.users.status.${member.status}`)}
          />
          {memberTeams.map((team) => (
            <Chip key={team.id} size="small" variant="outlined" label={team.name} />
          ))}
        </Box>
        <TextField
          select
          size="small"
          label={t('admin.users.role')}
          value={member.role}
          disabled={self}
          onChange={(event) => update.mutate({ role: event.target.value })}
          sx={{ width: { xs: '100%', sm: 180 } }}
        >
          {roles.map((role) => (
            <MenuItem key={role.key} value={role.key}>
              {roleLabel(role.key)}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="outlined"
          color={active ? 'inherit' : 'primary'}
          disabled={self}
          loading={update.isPending}
          onClick={() => update.mutate({ status: active ? 'disabled' : 'active' })}
          aria-label={t(active ? 'admin.users.deactivateNamed' : 'admin.users.reactivateNamed', {
            name: member.name,
          })}
        >
          {t(active ? 'admin.users.deactivate' : 'admin.users.reactivate')}
        </Button>
      </Box>
      {error ? (
        <Typography role="alert" color="error" variant="body2" sx={{ mt: 1 }}>
          {error}
        </Typography>
      ) : null}
    </ListItem>
  );
}

function InviteForm({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('agent');
  const invite = useAdminMutation(
    (body: { email: string; role: string }) => api.post<CreatedInvitation>('/api/v1/invitations', body),
    [adminKeys.invitations],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail('') });
  };
  const formError =
    invite.error && !hasFieldErrors(invite.error, ['email', 'role'])
      ? problemMessage(invite.error, t)
      : undefined;
  const emailError = fieldError(invite.error, 'email', t);
  const roleError = fieldError(invite.error, 'role', t);
  return (
    <Box component="form" onSubmit={submit} noValidate data-testid="invite-form">
      <FormAlert message={formError} />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          name="email"
          type="email"
          label={t('admin.users.email')}
          value={email}
          required
          onChange={(event) => setEmail(event.target.value)}
          error={Boolean(emailError)}
          helperText={emailError}
          sx={{ flex: '2 1 240px' }}
          slotProps={{ htmlInput: { dir: 'ltr' } }}
        />
        <RoleSelect
          label={t('admin.users.role')}
          roles={roles}
          value={role}
          onChange={setRole}
          error={roleError}
        />
        <Button type="submit" variant="contained" loading={invite.isPending} sx={{ mt: 1 }}>
          {t('admin.users.invite')}
        </Button>
      </Box>
      {invite.data ? (
        <Box sx={{ mt: 2 }} data-testid="invitation-link">
          <Alert severity="success" sx={{ mb: 2 }}>
            {t('admin.users.invited', { email: isolate(invite.data.email) })}
          </Alert>
          <CopyField
            label={t('admin.users.link')}
            value={new URL(invite.data.link, window.location.origin).href}
            testId="invitation-link-value"
          />
        </Box>
      ) : null}
    </Box>
  );
}

function InvitationRow({ invitation, roles }: { invitation: Invitation; roles: Role[] }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel(roles);
  const { day } = useFormat();
  const [confirming, setConfirming] = useState(false);
  const revoke = useAdminMutation(
    () => api.delete(`/api/v1/invitations/${invitation.id}`),
    [adminKeys.invitations],
  );
  return (
    <ListItem divider sx={{ px: 0, display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
        <Typography sx={{ overflowWrap: 'anywhere' }}>
          <Ltr>{invitation.email}</Ltr>
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('admin.users.invitationMeta', {
            role: roleLabel(invitation.role),
            date: day(invitation.expiresAt),
          })}
        </Typography>
      </Box>
      <Button
        color="error"
        onClick={() => setConfirming(true)}
        aria-label={t('admin.users.revokeNamed', { email: invitation.email })}
      >
        {t('admin.users.revoke')}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t('admin.users.revokeTitle')}
        message={t('admin.users.revokeMessage', { email: isolate(invitation.email) })}
        confirm={t('admin.users.revoke')}
        action={revoke}
        onClose={() => setConfirming(false)}
      />
    </ListItem>
  );
}

export function UsersTab() {
  const { t } = useTranslation();
  const members = useMembers();
  const invitations = useInvitations();
  const roles = useRoles();
  const teams = useTeams();
  if (members.isPending || roles.isPending || teams.isPending) return <PageLoader />;
  if (members.isError || roles.isError || teams.isError)
    return (
      <ErrorState onRetry={() => void Promise.all([members.refetch(), roles.refetch(), teams.refetch()])} />
    );
  return (
    <>
      <Section title={t('admin.users.inviteTitle')}>
        <InviteForm roles={roles.data} />
        <Typography variant="h3" component="h3" sx={{ mt: 3, mb: 1 }}>
          {t('admin.users.pending')}
        </Typography>
        {invitations.data?.length ? (
          <List data-testid="invitations">
            {invitations.data.map((invitation) => (
              <InvitationRow key={invitation.id} invitation={invitation} roles={roles.data} />
            ))}
          </List>
        ) : (
          <Typography color="text.secondary">{t('admin.users.noPending')}</Typography>
        )}
      </Section>
      <Section title={t('admin.users.members')}>
        <List data-testid="members">
          {members.data.map((member) => (
            <MemberRow key={member.id} member={member} roles={roles.data} teams={teams.data} />
          ))}
        </List>
      </Section>
    </>
  );
}
