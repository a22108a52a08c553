// Words and numbers of the import screens: field labels in the UI language, row errors by their code,
// durations, and numbers in the user's digits.
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatNumber } from '../../ui/format';
import type { ExportFormat, RowError, TargetField } from './api';

/** File formats are names, the same in every language. */
export const FORMAT_NAMES: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX', vcard: 'vCard' };
export const UPLOAD_FORMATS = 'CSV · XLSX · vCard';
export const UPLOAD_ACCEPT = '.csv,.tsv,.txt,.xlsx,.vcf,.vcard,text/csv,text/vcard';

// Row error codes the server sends (the customers module's and Zod's) that have a message in the catalogues.
const CODE_KEYS: Record<string, string> = {
  invalid_phone: 'errors.field.phone',
  invalid_email: 'errors.field.email',
  invalid_national_id: 'errors.field.nationalId',
  invalid_legal_id: 'errors.field.legalId',
  invalid_economic_code: 'errors.field.economicCode',
  invalid_postal_code: 'errors.field.postalCode',
  invalid_url: 'errors.field.url',
  invalid_date: 'errors.field.date',
  required: 'errors.field.required',
  too_big: 'errors.field.tooLong',
  too_small: 'errors.field.tooShort',
  invalid_value: 'errors.field.invalid',
  invalid_format: 'errors.field.invalid',
  invalid: 'errors.field.invalid',
};

// The import runner passes Zod's own code ('custom') for the customers module's field checks rather than
// their params.code (invalid_phone…), so a 'custom' error is read by the field it is about.
const FIELD_KEYS: Record<string, string> = {
  phones: 'errors.field.phone',
  phone: 'errors.field.phone',
  emails: 'errors.field.email',
  email: 'errors.field.email',
  nationalId: 'errors.field.nationalId',
  legalId: 'errors.field.legalId',
  economicCode: 'errors.field.economicCode',
  postalCode: 'errors.field.postalCode',
  website: 'errors.field.url',
};

export function useImportText() {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const fa = i18n.language === 'fa';
  const number = (value: number) => formatNumber(value, prefs);
  return {
    number,
    /** A target field by its key ('phones', 'custom.level') or an error's path ('phones.0'). */
    fieldLabel(fields: TargetField[], key: string): string {
      const base = key.replace(/(\.\d+)+$/, '');
      const field = fields.find((f) => f.key === base);
      if (!field) return base;
      return (fa ? field.labelFa : field.labelEn) || field.labelEn || field.key;
    },
    /** The error in the UI language when its code is known, else the server's words. */
    errorMessage(error: RowError): string {
      const key =
        CODE_KEYS[error.code] ??
        (error.code === 'custom' ? FIELD_KEYS[error.field.replace(/(\.\d+)+$/, '')] : undefined);
      return key ? t(key) : error.message;
    },
    /** 42 s, 3 min 5 s, 2 h 10 min. */
    duration(seconds: number): string {
      const s = Math.max(0, Math.round(seconds));
      if (s < 60) return t('imports.time.seconds', { seconds: number(s) });
      if (s < 3600)
        return t('imports.time.minutes', { minutes: number(Math.floor(s / 60)), seconds: number(s % 60) });
      return t('imports.time.hours', {
        hours: number(Math.floor(s / 3600)),
        minutes: number(Math.floor((s % 3600) / 60)),
      });
    },
  };
}
