import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

// Validation codes the server may send (Zod's issue codes and our own) that have a message in the catalogues.
const FIELD_CODES: Record<string, string> = {
  required: 'errors.field.required',
  invalid_type: 'errors.field.required',
  too_small: 'errors.field.tooShort',
  too_big: 'errors.field.tooLong',
  invalid_format: 'errors.field.invalid',
  invalid_string: 'errors.field.invalid',
  invalid_email: 'errors.field.email',
  invalid_value: 'errors.field.invalid',
  invalid_enum_value: 'errors.field.invalid',
  invalid_phone: 'errors.field.phone',
  invalid_national_id: 'errors.field.nationalId',
  invalid_legal_id: 'errors.field.legalId',
  invalid_economic_code: 'errors.field.economicCode',
  invalid_postal_code: 'errors.field.postalCode',
  invalid_sheba: 'errors.field.sheba',
  invalid_image: 'errors.field.image',
  image_too_big: 'errors.field.imageTooBig',
  invalid_url: 'errors.field.url',
  invalid_date: 'errors.field.date',
  invalid_amount: 'errors.field.amount',
  email_taken: 'errors.field.emailTaken',
  email_exists: 'errors.field.emailTaken',
  conflict: 'errors.field.emailTaken',
  weak_password: 'errors.field.passwordShort',
  wrong_password: 'errors.field.wrongPassword',
  invalid_password: 'errors.field.wrongPassword',
  not_positive: 'errors.field.notPositive',
  over_balance: 'errors.field.overBalance',
  too_precise: 'errors.field.tooPrecise',
  insufficient_stock: 'errors.field.insufficientStock',
  over_received: 'errors.field.overReceived',
  same_warehouse: 'errors.field.sameWarehouse',
  taken: 'errors.field.taken',
};

/** Conflicts that say why a record cannot go, rather than that someone else saved first. */
const CONFLICT_CODES: Record<string, string> = {
  in_use: 'errors.inUse',
  is_default: 'errors.isDefault',
};

/** The message for one field error, in the UI language where we know its code. */
export function fieldMessage(fieldError: { code: string; message: string }, t: TFunction): string {
  const key = FIELD_CODES[fieldError.code];
  return key ? t(key) : fieldError.message;
}

/** A server field error's path as a form keys it: 'body.lines.2.quantity' → 'lines.2.quantity'. */
export function errorPath(path: string | undefined): string {
  return (path ?? '')
    .replace(/^body[./]/, '')
    .replace(/\//g, '.')
    .replace(/^\./, '');
}

/**
 * The messages of a failed request's field errors by path ('lines.0.quantity'): a 422's, and a 409's that
 * names fields (short stock). Empty for any other failure, which the form shows as a whole.
 */
export function fieldMessages(error: unknown, t: TFunction): Record<string, string> {
  const messages: Record<string, string> = {};
  if (error instanceof ApiError && (error.status === 422 || error.status === 409))
    for (const fieldError of error.problem.errors ?? [])
      messages[errorPath(fieldError.path)] ??= fieldMessage(fieldError, t);
  return messages;
}

/** The message to show under one field for a server error, in the UI language where we know the code. */
export function serverFieldError(error: unknown, field: string, t: TFunction): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const fieldError = error.fields[field];
  return fieldError ? fieldMessage(fieldError, t) : undefined;
}

/**
 * The message for the field at one exact path ('items.2.unitPrice'), where serverFieldError's last-segment
 * key cannot tell repeated rows apart.
 */
export function serverPathError(error: unknown, path: string, t: TFunction): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.problem.errors?.find((e) => errorPath(e.path) === path);
  return found ? fieldMessage(found, t) : undefined;
}

/** A whole-form message for a failed request. */
export function problemMessage(error: unknown, t: TFunction, number: (n: number) => string = String): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  switch (error.status) {
    case 0:
      return t('errors.network');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409: {
      const reason = Object.values(error.fields)
        .map((field) => CONFLICT_CODES[field.code])
        .find(Boolean);
      return t(reason ?? 'errors.conflict');
    }
    case 429:
      if (!error.retryAfter) return t('errors.throttled');
      return error.retryAfter >= 90
        ? t('errors.throttledForMinutes', { minutes: number(Math.ceil(error.retryAfter / 60)) })
        : t('errors.throttledFor', { seconds: number(error.retryAfter) });
    default:
      if (error.status >= 500) return t('errors.server');
      return Object.keys(error.fields).length > 0 ? t('errors.validation') : t('errors.generic');
  }
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 8;
