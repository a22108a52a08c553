import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
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
import {
  type ApiToken,
  adminKeys,
  type CreatedToken,
  type Role,
  useAdminMutation,
  useRoles,
  useTokens,
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

function CreateTokenForm({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState('read_only');
  const create = useAdminMutation(
    (body: { name: string; role: string }) => api.post<CreatedToken>('/api/v1/tokens', body),
    [adminKeys.tokens],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), role }, { onSuccess: () => setName('') });
  };
  const nameError = fieldError(create.error, 'name', t);
  const roleError = fieldError(create.error, 'role', t);
  const formError =
    create.error && !hasFieldErrors(create.error, ['name', 'role'])
      ? problemMessage(create.error, t)
      : undefined;
  return (
    <Box component="form" onSubmit={submit} noValidate data-testid="token-form">
      <FormAlert message={formError} />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          name="name"
          label={t('admin.tokens.name')}
          value={name}
          required
          onChange={(event) => setName(event.target.value)}
          error={Boolean(nameError)}
          helperText={nameError}
          sx={{ flex: '2 1 240px' }}
        />
        <RoleSelect
          label={t('admin.tokens.role')}
          roles={roles}
          value={role}
          onChange={setRole}
          error={roleError}
        />
        <Button type="submit" variant="contained" loading={create.isPending} sx={{ mt: 1 }}>
          {t('admin.tokens.create')}
        </Button>
      </Box>
      {create.data ? (
        <Box sx={{ mt: 2 }} data-testid="token-secret">
          <Alert severity="warning" sx={{ mb: 2 }}>
            {t('admin.tokens.onceWarning', { name: isolate(create.data.name) })}
          </Alert>
          <CopyField label={t('admin.tokens.secret')} value={create.data.token} testId="token-secret-value" />
        </Box>
      ) : null}
    </Box>
  );
}

function TokenRow({ token, roles }: { token: ApiToken; roles: Role[] }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel(roles);
  const { date } = useFormat();
  const [confirming, setConfirming] = useState(false);
  const revoke = useAdminMutation(() => api.delete(`/api/v1/tokens/${token.id}`), [adminKeys.tokens]);
  const revoked = token.revokedAt !== null;
  return (
    <ListItem divider sx={{ px: 0, display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="token">
      <Box sx={{ flex: '1 1 260px', minWidth: 0 }}>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography sx={{ fontWeight: 600 }}>{token.name}</Typography>
          <Chip size="small" variant="outlined" label={roleLabel(token.role)} />
          {revoked ? <Chip size="small" color="default" label={t('admin.tokens.revoked')} /> : null}
        </Box>
        <Typography variant="body2" color="text.secondary">
          <Ltr>{`${token.prefix}…`}</Ltr>
          {' · '}
          {t('admin.tokens.created', { date: date(token.createdAt) })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {token.lastUsedAt
            ? t('admin.tokens.lastUsed', { date: date(token.lastUsedAt) })
            : t('admin.tokens.neverUsed')}
        </Typography>
      </Box>
      {revoked ? null : (
        <Button
          color="error"
          onClick={() => setConfirming(true)}
          aria-label={t('admin.tokens.revokeNamed', { name: token.name })}
        >
          {t('admin.tokens.revoke')}
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('admin.tokens.revokeTitle')}
        message={t('admin.tokens.revokeMessage', { name: isolate(token.name) })}
        confirm={t('admin.tokens.revoke')}
        action={revoke}
        onClose={() => setConfirming(false)}
      />
    </ListItem>
  );
}

export function TokensTab() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const roles = useRoles();
  if (tokens.isPending || roles.isPending) return <PageLoader />;
  if (tokens.isError || roles.isError)
    return <ErrorState onRetry={() => void Promise.all([tokens.refetch(), roles.refetch()])} />;
  return (
    <Section title={t('admin.tabs.tokens')}>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('admin.tokens.intro')}
      </Typography>
      <CreateTokenForm roles={roles.data} />
      {tokens.data.length ? (
        <List data-testid="tokens" sx={{ mt: 2 }}>
          {tokens.data.map((token) => (
            <TokenRow key={token.id} token={token} roles={roles.data} />
          ))}
        </List>
      ) : (
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          {t('admin.tokens.empty')}
        </Typography>
      )}
    </Section>
  );
}
