import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useSessionChanged, useSetup } from '../../api/queries';
import type { Session } from '../../api/types';
import { useFormatPrefs } from '../../app/prefs';
import { EMAIL_PATTERN, problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber } from '../../ui/format';
import { PasswordField } from '../../ui/PasswordField';
import { AuthLayout } from './AuthLayout';

interface Errors {
  email?: string;
  password?: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const location = useLocation();
  const setup = useSetup().data;
  const sessionChanged = useSessionChanged();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<Session>('/api/v1/auth/login', body),
    onSuccess: async () => {
      await sessionChanged();
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    if (!email.trim()) next.email = t('errors.field.required');
    else if (!EMAIL_PATTERN.test(email.trim())) next.email = t('errors.field.email');
    if (!password) next.password = t('errors.field.required');
    setErrors(next);
    if (Object.keys(next).length === 0) login.mutate({ email: email.trim(), password });
  };

  const failure = login.error;
  const wrongCredentials = isApiError(failure, 401);
  const emailError = errors.email ?? serverFieldError(failure, 'email', t);
  const passwordError = errors.password ?? serverFieldError(failure, 'password', t);
  const formError = failure
    ? wrongCredentials
      ? t('auth.login.invalid')
      : problemMessage(failure, t, (n) => formatNumber(n, prefs))
    : undefined;
  const showSignup = Boolean(setup?.signupEnabled || setup?.needsSetup);

  return (
    <AuthLayout title={t('auth.login.title')}>
      {setup?.needsSetup && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('auth.login.needsSetup')}
        </Alert>
      )}
      <FormAlert message={formError} />
      <Box component="form" noValidate onSubmit={onSubmit} sx={{ display: 'grid', gap: 2 }}>
        <TextField
          name="email"
          label={t('auth.fields.email')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={Boolean(emailError) || wrongCredentials}
          helperText={emailError}
          slotProps={{ htmlInput: { dir: 'ltr' } }}
          required
          autoFocus
        />
        <PasswordField
          name="password"
          label={t('auth.fields.password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={Boolean(passwordError) || wrongCredentials}
          helperText={passwordError}
          required
        />
        <Button type="submit" variant="contained" size="large" loading={login.isPending}>
          {t('auth.login.submit')}
        </Button>
      </Box>
      {showSignup && (
        <Typography variant="body2" sx={{ mt: 3, textAlign: 'center' }}>
          {t('auth.login.noAccount')}{' '}
          <Link component={RouterLink} to="/signup" sx={{ fontWeight: 600 }}>
            {t('auth.login.toSignup')}
          </Link>
        </Typography>
      )}
    </AuthLayout>
  );
}
