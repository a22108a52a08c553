import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useSessionChanged, useSetup } from '../../api/queries';
import type { Locale, Session } from '../../api/types';
import { useFormatPrefs } from '../../app/prefs';
import { isLocale, LOCALES } from '../../i18n/setup';
import { EMAIL_PATTERN, PASSWORD_MIN, problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { PasswordField } from '../../ui/PasswordField';
import { AuthLayout } from './AuthLayout';

type Field = 'organization' | 'name' | 'email' | 'password';
type Errors = Partial<Record<Field, string>>;

export default function SignupPage() {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const setup = useSetup();
  const sessionChanged = useSessionChanged();
  const [values, setValues] = useState<Record<Field, string>>({
    organization: '',
    name: '',
    email: '',
    password: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'fa';
  const number = (n: number) => formatNumber(n, prefs);

  const signup = useMutation({
    mutationFn: (body: Record<Field, string> & { locale: Locale }) =>
      api.post<Session>('/api/v1/auth/signup', body),
    onSuccess: async () => {
      await sessionChanged();
      navigate('/', { replace: true });
    },
  });

  if (setup.isPending) return <PageLoader />;
  const allowed = Boolean(setup.data?.signupEnabled || setup.data?.needsSetup);

  const set = (field: Field) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    if (!values.organization.trim()) next.organization = t('errors.field.required');
    if (!values.name.trim()) next.name = t('errors.field.required');
    if (!values.email.trim()) next.email = t('errors.field.required');
    else if (!EMAIL_PATTERN.test(values.email.trim())) next.email = t('errors.field.email');
    if (values.password.length < PASSWORD_MIN)
      next.password = t('errors.field.passwordMin', { min: number(PASSWORD_MIN) });
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    signup.mutate({
      organization: values.organization.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      locale,
    });
  };

  const failure = signup.error;
  const emailTaken = isApiError(failure, 409);
  const fieldError = (field: Field) =>
    errors[field] ??
    serverFieldError(failure, field, t) ??
    (field === 'email' && emailTaken ? t('errors.field.emailTaken') : undefined);
  const formError = failure && !emailTaken ? problemMessage(failure, t, number) : undefined;

  if (!allowed) {
    return (
      <AuthLayout title={t('auth.signup.title')}>
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('auth.signup.disabled')}
        </Alert>
        <Button component={RouterLink} to="/login" variant="contained">
          {t('auth.signup.toLogin')}
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('auth.signup.title')}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('auth.signup.intro')}
      </Typography>
      <FormAlert message={formError} />
      <Box component="form" noValidate onSubmit={onSubmit} sx={{ display: 'grid', gap: 2 }}>
        <TextField
          name="organization"
          label={t('auth.fields.organization')}
          autoComplete="organization"
          value={values.organization}
          onChange={set('organization')}
          error={Boolean(fieldError('organization'))}
          helperText={fieldError('organization')}
          required
          autoFocus
        />
        <TextField
          name="name"
          label={t('auth.fields.name')}
          autoComplete="name"
          value={values.name}
          onChange={set('name')}
          error={Boolean(fieldError('name'))}
          helperText={fieldError('name')}
          required
        />
        <TextField
          name="email"
          label={t('auth.fields.email')}
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={set('email')}
          error={Boolean(fieldError('email'))}
          helperText={fieldError('email')}
          slotProps={{ htmlInput: { dir: 'ltr' } }}
          required
        />
        <PasswordField
          name="password"
          label={t('auth.fields.password')}
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          error={Boolean(fieldError('password'))}
          helperText={fieldError('password') ?? t('auth.fields.passwordHint', { min: number(PASSWORD_MIN) })}
          required
        />
        <TextField
          select
          name="locale"
          label={t('settings.fields.language')}
          value={locale}
          onChange={(event) => void i18n.changeLanguage(event.target.value)}
        >
          {LOCALES.map((code) => (
            <MenuItem key={code} value={code} lang={code}>
              {t(`language.${code}`)}
            </MenuItem>
          ))}
        </TextField>
        <Button type="submit" variant="contained" size="large" loading={signup.isPending}>
          {t('auth.signup.submit')}
        </Button>
      </Box>
      <Typography variant="body2" sx={{ mt: 3, textAlign: 'center' }}>
        {t('auth.signup.haveAccount')}{' '}
        <Link component={RouterLink} to="/login" sx={{ fontWeight: 600 }}>
          {t('auth.signup.toLogin')}
        </Link>
      </Typography>
    </AuthLayout>
  );
}
