import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { meKey } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, formatNumber, localizeDigits, timeZones, zoneOffset } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { adminKeys, type OrganizationSettings, useAdminMutation, useOrganizationSettings } from './api';
import { LetterheadSection } from './LetterheadSection';
import { fieldError, hasFieldErrors, Section } from './shared';

const FIELDS = ['locale', 'calendar', 'timeZone', 'digits', 'currency', 'moneyDisplay'] as const;

function SettingsForm({ settings }: { settings: OrganizationSettings }) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const [values, setValues] = useState<OrganizationSettings>(settings);
  const save = useAdminMutation(
    (body: OrganizationSettings) => api.patch<OrganizationSettings>('/api/v1/settings', body),
    [adminKeys.settings, meKey],
  );
  const zones = useMemo(() => {
    const now = new Date();
    const list = timeZones();
    if (!list.includes(values.timeZone)) list.unshift(values.timeZone);
    return list.map((zone) => ({ zone, offset: zoneOffset(zone, now) }));
  }, [values.timeZone]);
  const set = <K extends keyof OrganizationSettings>(key: K, value: OrganizationSettings[K]) => {
    save.reset();
    setValues((v) => ({ ...v, [key]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...values, currency: values.currency.trim().toUpperCase() });
  };
  const errorOf = (name: string) => fieldError(save.error, name, t);
  const uiLocale = i18n.language === 'en' ? 'en' : 'fa';
  const sampleDate = formatDate(
    new Date(),
    { locale: uiLocale, calendar: values.calendar, digits: values.digits, timeZone: values.timeZone },
    { dateStyle: 'long' },
  );
  const sampleMoney = formatNumber(values.moneyDisplay === 'toman' ? 125_000 : 1_250_000, {
    locale: uiLocale,
    digits: values.digits,
  });
  const formMessage = save.error
    ? hasFieldErrors(save.error, [...FIELDS])
      ? undefined
      : problemMessage(save.error, t)
    : save.isSuccess
      ? t('admin.organization.saved')
      : undefined;
  return (
    <Box component="form" onSubmit={submit} noValidate sx={{ display: 'grid', gap: 2 }}>
      <FormAlert message={formMessage} severity={save.error ? 'error' : 'success'} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          select
          name="locale"
          label={t('admin.organization.locale')}
          value={values.locale}
          onChange={(event) => set('locale', event.target.value === 'en' ? 'en' : 'fa')}
          error={Boolean(errorOf('locale'))}
          helperText={errorOf('locale')}
        >
          {(['fa', 'en'] as const).map((code) => (
            <MenuItem key={code} value={code} lang={code}>
              {t(`language.${code}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          name="calendar"
          label={t('admin.organization.calendar')}
          value={values.calendar}
          onChange={(event) => set('calendar', event.target.value === 'gregorian' ? 'gregorian' : 'jalali')}
          error={Boolean(errorOf('calendar'))}
          helperText={errorOf('calendar') ?? t('admin.organization.sample', { sample: sampleDate })}
        >
          {(['jalali', 'gregorian'] as const).map((calendar) => (
            <MenuItem key={calendar} value={calendar}>
              {t(`admin.organization.calendars.${calendar}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          name="timeZone"
          label={t('admin.organization.timeZone')}
          value={values.timeZone}
          onChange={(event) => set('timeZone', event.target.value)}
          error={Boolean(errorOf('timeZone'))}
          helperText={errorOf('timeZone')}
          slotProps={{ select: { MenuProps: { slotProps: { paper: { sx: { maxHeight: 360 } } } } } }}
        >
          {zones.map(({ zone, offset }) => (
            <MenuItem key={zone} value={zone} dir="ltr">
              {`${zone} (${localizeDigits(offset, prefs.digits)})`}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          name="digits"
          label={t('admin.organization.digits')}
          value={values.digits}
          onChange={(event) => set('digits', event.target.value === 'latn' ? 'latn' : 'fa')}
          error={Boolean(errorOf('digits'))}
          helperText={errorOf('digits')}
        >
          {(['fa', 'latn'] as const).map((digits) => (
            <MenuItem key={digits} value={digits}>
              {t(`admin.organization.digitsOptions.${digits}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          name="currency"
          label={t('admin.organization.currency')}
          value={values.currency}
          onChange={(event) => set('currency', event.target.value)}
          error={Boolean(errorOf('currency'))}
          helperText={errorOf('currency') ?? t('admin.organization.currencyHelp', { example: 'IRR' })}
          slotProps={{ htmlInput: { dir: 'ltr', maxLength: 3 } }}
        />
        <TextField
          select
          name="moneyDisplay"
          label={t('admin.organization.moneyDisplay')}
          value={values.moneyDisplay}
          onChange={(event) => set('moneyDisplay', event.target.value === 'rial' ? 'rial' : 'toman')}
          error={Boolean(errorOf('moneyDisplay'))}
          helperText={
            errorOf('moneyDisplay') ??
            t(`admin.organization.moneySample.${values.moneyDisplay}`, { amount: sampleMoney })
          }
        >
          {(['toman', 'rial'] as const).map((unit) => (
            <MenuItem key={unit} value={unit}>
              {t(`admin.organization.money.${unit}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Typography variant="body2" color="text.secondary">
        {t('admin.organization.note')}
      </Typography>
      <Box>
        <Button type="submit" variant="contained" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Box>
    </Box>
  );
}

export function OrganizationTab() {
  const { t } = useTranslation();
  const settings = useOrganizationSettings();
  if (settings.isPending) return <PageLoader />;
  if (settings.isError) return <ErrorState onRetry={() => void settings.refetch()} />;
  return (
    <>
      <Section title={t('admin.tabs.organization')}>
        <SettingsForm settings={settings.data} />
      </Section>
      <LetterheadSection />
    </>
  );
}
