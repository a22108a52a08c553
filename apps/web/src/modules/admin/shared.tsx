import ContentCopy from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { serverFieldError } from '../../ui/errors';
import { formatDate, formatNumber } from '../../ui/format';
import { BUILTIN_ROLES, type Role } from './api';

// Codes the administration endpoints send that the shared map in ui/errors.ts does not know.
const ADMIN_CODES: Record<string, string> = {
  exists: 'admin.errors.exists',
  not_found: 'admin.errors.notFound',
  forbidden: 'admin.errors.forbidden',
  unknown_module: 'admin.errors.unknownModule',
  invalid_regex: 'admin.errors.keyFormat',
};

/** The message under one field for a server error, in the UI language. */
export function fieldError(error: unknown, field: string, t: TFunction): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const code = error.fields[field]?.code;
  const key = code ? ADMIN_CODES[code] : undefined;
  return key ? t(key) : serverFieldError(error, field, t);
}

/** Whether a failed request had an error on one of these fields (so the form shows them in place). */
export function hasFieldErrors(error: unknown, fields: string[]): boolean {
  return error instanceof ApiError && fields.some((field) => field in error.fields);
}

/** A role's name in the UI language: built-in roles are translated, custom ones are as named. */
export function useRoleLabel(roles: Role[] | undefined): (key: string) => string {
  const { t } = useTranslation();
  return (key) => {
    if ((BUILTIN_ROLES as readonly string[]).includes(key)) return t(`admin.roleNames.${key}`);
    return roles?.find((role) => role.key === key)?.name ?? key;
  };
}

/** The role a person or token gets: built-in roles by their translated name, custom ones by theirs. */
export function RoleSelect({
  label,
  roles,
  value,
  onChange,
  error,
}: {
  label: string;
  roles: Role[];
  value: string;
  onChange: (key: string) => void;
  error: string | undefined;
}) {
  const roleLabel = useRoleLabel(roles);
  return (
    <TextField
      select
      name="role"
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error}
      sx={{ flex: '1 1 160px' }}
    >
      {roles.map((r) => (
        <MenuItem key={r.key} value={r.key}>
          {roleLabel(r.key)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Dates and counts in the user's calendar and digits. */
export function useFormat() {
  const prefs = useFormatPrefs();
  return {
    prefs,
    date: (value: string | null | undefined) =>
      value ? formatDate(new Date(value), prefs, { dateStyle: 'medium', timeStyle: 'short' }) : '',
    day: (value: string | null | undefined) =>
      value ? formatDate(new Date(value), prefs, { dateStyle: 'medium' }) : '',
    number: (value: number) => formatNumber(value, prefs),
  };
}

/** Left-to-right text (an address, a key, a number) inside a line that follows the page's direction. */
export function Ltr({ children }: { children: ReactNode }) {
  return (
    <Box component="span" dir="ltr" sx={{ unicodeBidi: 'isolate' }}>
      {children}
    </Box>
  );
}

export function Section({
  title,
  action,
  children,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper component="section" variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 3, minWidth: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 2 }}>
        <Typography variant="h2" sx={{ flex: 1, minWidth: 0 }}>
          {title}
        </Typography>
        {action}
      </Box>
      {children}
    </Paper>
  );
}

/** A read-only, left-to-right value (a link or a secret) with a copy button. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <TextField
      label={label}
      value={value}
      fullWidth
      helperText={copied ? t('admin.copied') : undefined}
      slotProps={{
        htmlInput: { readOnly: true, dir: 'ltr', 'data-testid': testId, onFocus: selectAll },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={t('admin.copy')}>
                <IconButton aria-label={t('admin.copy')} onClick={() => void copy()} edge="end">
                  <ContentCopy fontSize="small" />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}

function selectAll(event: React.FocusEvent<HTMLInputElement>) {
  event.target.select();
}
