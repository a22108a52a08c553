import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { PageLoader } from '../../ui/PageLoader';
import {
  adminKeys,
  LETTERHEAD_FIELDS,
  type Letterhead,
  type LetterheadField,
  useAdminMutation,
  useLetterhead,
} from './api';
import { fieldError, hasFieldErrors, Section } from './shared';

// Codes, numbers and addresses in Latin script read left to right even in a Persian form.
const LTR_FIELDS: readonly LetterheadField[] = [
  'legalNameEn',
  'addressEn',
  'postalCode',
  'phone',
  'email',
  'website',
  'nationalId',
  'economicCode',
  'sheba',
];
const WIDE_FIELDS: readonly LetterheadField[] = ['addressFa', 'addressEn'];

type Values = Record<LetterheadField, string>;
const valuesOf = (letterhead: Letterhead): Values =>
  Object.fromEntries(LETTERHEAD_FIELDS.map((f) => [f, letterhead[f] ?? ''])) as Values;

function LetterheadForm({ letterhead }: { letterhead: Letterhead }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => valuesOf(letterhead));
  const fileInput = useRef<HTMLInputElement>(null);
  const refresh = [adminKeys.letterhead];
  const save = useAdminMutation(
    (body: Values) => api.patchVersion<Letterhead>('/api/v1/settings/profile', body, letterhead.version),
    refresh,
  );
  const upload = useAdminMutation(
    (file: File) => api.upload<Letterhead>('/api/v1/settings/logo', file, 'PUT'),
    refresh,
  );
  const remove = useAdminMutation(
    () => api.deleteVersion('/api/v1/settings/logo', letterhead.version),
    refresh,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(values, { onSuccess: (saved) => setValues(valuesOf(saved)) });
  };
  const formMessage = save.error
    ? hasFieldErrors(save.error, [...LETTERHEAD_FIELDS])
      ? undefined
      : problemMessage(save.error, t)
    : save.isSuccess
      ? t('admin.letterhead.saved')
      : undefined;
  const logoError =
    fieldError(upload.error, 'logo', t) ?? (upload.error ? problemMessage(upload.error, t) : undefined);

  return (
    <Box
      component="form"
      onSubmit={submit}
      noValidate
      sx={{ display: 'grid', gap: 2 }}
      aria-label={t('admin.letterhead.title')}
    >
      <Typography variant="body2" color="text.secondary">
        {t('admin.letterhead.intro')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        {letterhead.logo ? (
          <Box
            component="img"
            src={`/api/v1/settings/logo?v=${letterhead.version}`}
            alt={t('admin.letterhead.logo')}
            sx={{
              width: 72,
              height: 72,
              objectFit: 'contain',
              border: 1,
              borderColor: 'divider',
              borderRadius: 1,
            }}
          />
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('admin.letterhead.noLogo')}
          </Typography>
        )}
        <input
          ref={fileInput}
          type="file"
          accept="image/png,image/jpeg"
          hidden
          aria-label={t('admin.letterhead.logo')}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) upload.mutate(file);
          }}
        />
        <Button variant="outlined" onClick={() => fileInput.current?.click()} loading={upload.isPending}>
          {letterhead.logo ? t('admin.letterhead.replaceLogo') : t('admin.letterhead.uploadLogo')}
        </Button>
        {letterhead.logo && (
          <Button color="error" onClick={() => remove.mutate(undefined)} loading={remove.isPending}>
            {t('admin.letterhead.removeLogo')}
          </Button>
        )}
        <Typography
          variant="caption"
          color={logoError ? 'error' : 'text.secondary'}
          role={logoError ? 'alert' : undefined}
        >
          {logoError ?? t('admin.letterhead.logoHelp')}
        </Typography>
      </Box>
      <FormAlert message={formMessage} severity={save.error ? 'error' : 'success'} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        {LETTERHEAD_FIELDS.map((field) => {
          const error = fieldError(save.error, field, t);
          return (
            <TextField
              key={field}
              name={field}
              label={t(`admin.letterhead.${field}`)}
              value={values[field]}
              onChange={(event) => {
                save.reset();
                setValues((v) => ({ ...v, [field]: event.target.value }));
              }}
              error={Boolean(error)}
              helperText={error}
              multiline={WIDE_FIELDS.includes(field)}
              sx={WIDE_FIELDS.includes(field) ? { gridColumn: { sm: '1 / -1' } } : undefined}
              slotProps={{ htmlInput: LTR_FIELDS.includes(field) ? { dir: 'ltr' } : {} }}
            />
          );
        })}
      </Box>
      <Box>
        <Button type="submit" variant="contained" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Box>
    </Box>
  );
}

/** The letterhead quotes and invoices print: legal name, address, codes, bank account, logo. */
export function LetterheadSection() {
  const { t } = useTranslation();
  const letterhead = useLetterhead();
  if (letterhead.isPending) return <PageLoader />;
  if (letterhead.isError) return <ErrorState onRetry={() => void letterhead.refetch()} />;
  return (
    <Section title={t('admin.letterhead.title')}>
      <LetterheadForm letterhead={letterhead.data} />
    </Section>
  );
}
