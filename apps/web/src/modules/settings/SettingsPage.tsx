import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import type { Calendar, Digits, Locale, Me, UserSettings } from '../../api/types';
import { useFormatPrefs } from '../../app/prefs';
import { useUpdateSettings } from '../../app/useUpdateSettings';
import { LOCALES } from '../../i18n/setup';
import { PASSWORD_MIN, problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import {
  DEFAULT_TIME_ZONE,
  formatDate,
  formatNumber,
  localizeDigits,
  timeZones,
  zoneOffset,
} from '../../ui/format';
import { PasswordField } from '../../ui/PasswordField';

const CALENDARS: readonly Calendar[] = ['jalali', 'gregorian'];
const DIGITS: readonly Digits[] = ['fa', 'latn'];

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper component="section" variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
      <Typography variant="h2" sx={{ mb: 2 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function PreferencesForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const update = useUpdateSettings();
  const [values, setValues] = useState<UserSettings>({
    ...me.user.settings,
    timeZone: me.user.settings.timeZone || DEFAULT_TIME_ZONE,
  });
  const zones = useMemo(() => {
    const now = new Date();
    const list = timeZones();
    if (!list.includes(values.timeZone)) list.unshift(values.timeZone);
    return list.map((zone) => ({ zone, offset: zoneOffset(zone, now) }));
  }, [values.timeZone]);
  const set = <K extends keyof UserSettings>(key: K, value: UserSettings[K]) => {
    update.reset();
    setValues((current) => ({ ...current, [key]: value }));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(values);
  };
  const sample = formatDate(new Date(), { ...values, locale: prefs.locale }, { dateStyle: 'long' });
  const fieldError = (field: keyof UserSettings) => serverFieldError(update.error, field, t);

  return (
    <Box component="form" onSubmit={onSubmit} sx={{ display: 'grid', gap: 2 }}>
      <FormAlert
        message={
          update.error ? problemMessage(update.error, t) : update.isSuccess ? t('settings.saved') : undefined
        }
        severity={update.error ? 'error' : 'success'}
      />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          select
          name="locale"
          label={t('settings.fields.language')}
          value={values.locale}
          onChange={(e) => set('locale', e.target.value as Locale)}
          error={Boolean(fieldError('locale'))}
          helperText={fieldError('locale')}
        >
          {LOCALES.map((code) => (
            <MenuItem key={code} value={code} lang={code}>
              {t(`language.${code}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          name="calendar"
          label={t('settings.fields.calendar')}
          value={values.calendar}
          onChange={(e) => set('calendar', e.target.value as Calendar)}
          error={Boolean(fieldError('calendar'))}
          helperText={fieldError('calendar')}
        >
          {CALENDARS.map((code) => (
            <MenuItem key={code} value={code}>
              {t(`settings.calendar.${code}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          name="timeZone"
          label={t('settings.fields.timeZone')}
          value={values.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
          error={Boolean(fieldError('timeZone'))}
          helperText={fieldError('timeZone')}
          slotProps={{ select: { native: true }, htmlInput: { dir: 'ltr' } }}
        >
          {zones.map(({ zone, offset }) => (
            <option key={zone} value={zone}>
              {`${zone.replaceAll('_', ' ')} (${localizeDigits(offset, prefs.digits)})`}
            </option>
          ))}
        </TextField>
        <TextField
          select
          name="digits"
          label={t('settings.fields.digits')}
          value={values.digits}
          onChange={(e) => set('digits', e.target.value as Digits)}
          error={Boolean(fieldError('digits'))}
          helperText={fieldError('digits')}
        >
          {DIGITS.map((code) => (
            <MenuItem key={code} value={code}>
              {t(`settings.digits.${code}`, {
                sample: formatNumber(1234567890, { locale: prefs.locale, digits: code }),
              })}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Typography variant="body2" color="text.secondary" data-testid="settings-sample">
        {t('settings.sample', { date: sample })}
      </Typography>
      <Box>
        <Button type="submit" variant="contained" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Box>
    </Box>
  );
}

type PasswordFieldName = 'currentPassword' | 'newPassword' | 'confirmPassword';

function PasswordForm() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const number = (n: number) => formatNumber(n, prefs);
  const empty = { currentPassword: '', newPassword: '', confirmPassword: '' };
  const [values, setValues] = useState<Record<PasswordFieldName, string>>(empty);
  const [errors, setErrors] = useState<Partial<Record<PasswordFieldName, string>>>({});
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<void>('/api/v1/me/password', body),
    onSuccess: () => setValues(empty),
  });
  const set = (field: PasswordFieldName) => (event: { target: { value: string } }) => {
    change.reset();
    setValues((current) => ({ ...current, [field]: event.target.value }));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<PasswordFieldName, string>> = {};
    if (!values.currentPassword) next.currentPassword = t('errors.field.required');
    if (values.newPassword.length < PASSWORD_MIN)
      next.newPassword = t('errors.field.passwordMin', { min: number(PASSWORD_MIN) });
    else if (values.newPassword !== values.confirmPassword)
      next.confirmPassword = t('errors.field.passwordMismatch');
    setErrors(next);
    if (Object.keys(next).length === 0)
      change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  };
  const failure = change.error;
  // A wrong current password may come back as a field error or as a bare 400/401/403.
  const wrongCurrent =
    isApiError(failure) &&
    [400, 401, 403].includes(failure.status) &&
    Object.keys(failure.fields).length === 0;
  const fieldError = (field: PasswordFieldName) =>
    errors[field] ??
    serverFieldError(failure, field, t) ??
    (field === 'currentPassword' && wrongCurrent ? t('errors.field.wrongPassword') : undefined);
  const formError = failure && !wrongCurrent ? problemMessage(failure, t, number) : undefined;

  return (
    <Box component="form" noValidate onSubmit={onSubmit} sx={{ display: 'grid', gap: 2, maxWidth: 480 }}>
      <FormAlert
        message={formError ?? (change.isSuccess ? t('settings.password.changed') : undefined)}
        severity={formError ? 'error' : 'success'}
      />
      <PasswordField
        name="currentPassword"
        label={t('settings.password.current')}
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={Boolean(fieldError('currentPassword'))}
        helperText={fieldError('currentPassword')}
        required
      />
      <PasswordField
        name="newPassword"
        label={t('settings.password.new')}
        autoComplete="new-password"
        value={values.newPassword}
        onChange={set('newPassword')}
        error={Boolean(fieldError('newPassword'))}
        helperText={fieldError('newPassword') ?? t('auth.fields.passwordHint', { min: number(PASSWORD_MIN) })}
        required
      />
      <PasswordField
        name="confirmPassword"
        label={t('settings.password.confirm')}
        autoComplete="new-password"
        value={values.confirmPassword}
        onChange={set('confirmPassword')}
        error={Boolean(fieldError('confirmPassword'))}
        helperText={fieldError('confirmPassword')}
        required
      />
      <Box>
        <Button type="submit" variant="outlined" loading={change.isPending}>
          {t('settings.password.submit')}
        </Button>
      </Box>
    </Box>
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  return (
    <Box sx={{ display: 'grid', gap: 3, maxWidth: 860 }}>
      <Typography variant="h1">{t('settings.title')}</Typography>
      <Section title={t('settings.preferences')}>
        <PreferencesForm key={me.tenant?.id ?? ''} me={me} />
      </Section>
      <Section title={t('settings.password.title')}>
        <PasswordForm />
      </Section>
    </Box>
  );
}
