import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useSessionChanged } from '../../api/queries';
import type { Invitation, Session } from '../../api/types';
import { useFormatPrefs } from '../../app/prefs';
import { PASSWORD_MIN, problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { PasswordField } from '../../ui/PasswordField';
import { AuthLayout } from './AuthLayout';

type Field = 'name' | 'password';

export default function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const prefs = useFormatPrefs();
  const number = (n: number) => formatNumber(n, prefs);
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const path = `/api/v1/invitations/${encodeURIComponent(token)}`;

  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => api.get<Invitation>(path) });
  const accept = useMutation({
    mutationFn: (body: { name?: string; password: string }) => api.post<Session>(`${path}/accept`, body),
    onSuccess: async () => {
      await sessionChanged();
      navigate('/', { replace: true });
    },
  });

  if (invitation.isPending) return <PageLoader />;
  if (invitation.isError) {
    const gone = isApiError(invitation.error) && [400, 404, 410].includes(invitation.error.status);
    return (
      <AuthLayout title={t('auth.invite.title')}>
        <Alert severity={gone ? 'warning' : 'error'} sx={{ mb: 2 }}>
          {gone ? t('auth.invite.invalid') : problemMessage(invitation.error, t, number)}
        </Alert>
        <Button component={RouterLink} to="/login" variant="contained">
          {t('auth.signup.toLogin')}
        </Button>
      </AuthLayout>
    );
  }

  const { email, organization, hasAccount = false } = invitation.data;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!hasAccount && !name.trim()) next.name = t('errors.field.required');
    if (hasAccount && !password) next.password = t('errors.field.required');
    if (!hasAccount && password.length < PASSWORD_MIN)
      next.password = t('errors.field.passwordMin', { min: number(PASSWORD_MIN) });
    setErrors(next);
    // The server still asks for a name when the account exists (and ignores it): send the e-mail.
    if (Object.keys(next).length === 0)
      accept.mutate(hasAccount ? { password } : { name: name.trim(), password });
  };

  const fieldError = (field: Field) => errors[field] ?? serverFieldError(accept.error, field, t);
  const hasFieldErrors = isApiError(accept.error) && Object.keys(accept.error.fields).length > 0;

  return (
    <AuthLayout title={t('auth.invite.title')}>
      <Typography sx={{ mb: 2 }}>
        {t('auth.invite.intro', { organization: isolate(organization) })}
      </Typography>
      {hasAccount && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('auth.invite.hasAccount')}
        </Alert>
      )}
      <FormAlert
        message={accept.error && !hasFieldErrors ? problemMessage(accept.error, t, number) : undefined}
      />
      <Box component="form" noValidate onSubmit={onSubmit} sx={{ display: 'grid', gap: 2 }}>
        <TextField
          name="email"
          label={t('auth.fields.email')}
          value={email}
          slotProps={{ htmlInput: { dir: 'ltr', readOnly: true } }}
        />
        {!hasAccount && (
          <TextField
            name="name"
            label={t('auth.fields.name')}
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={Boolean(fieldError('name'))}
            helperText={fieldError('name')}
            required
            autoFocus
          />
        )}
        <PasswordField
          name="password"
          label={t('auth.fields.password')}
          autoComplete={hasAccount ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={Boolean(fieldError('password'))}
          helperText={
            fieldError('password') ??
            (hasAccount ? undefined : t('auth.fields.passwordHint', { min: number(PASSWORD_MIN) }))
          }
          required
          autoFocus={hasAccount}
        />
        <Button type="submit" variant="contained" size="large" loading={accept.isPending}>
          {t('auth.invite.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
