import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import { toLatinDigits } from '@peyvand/persian';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { fieldMessages, problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { localizeDigits } from '../../ui/format';
import type { Warehouse } from './api';

/**
 * One inventory form in a dialog: the request's field errors go to the fields that `errors` gives out (by
 * request path); whatever names no field shown is said above the form.
 */
export function FormDialog({
  title,
  submit,
  pending,
  error,
  shownPaths,
  onSubmit,
  onClose,
  wide = false,
  children,
}: {
  title: string;
  submit: string;
  pending: boolean;
  error: unknown;
  /** The request paths this form shows at a field; other field errors are said above it. */
  shownPaths: (path: string) => boolean;
  onSubmit: () => void;
  onClose: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const messages = fieldMessages(error, t);
  const unshown = Object.entries(messages).find(([path]) => !shownPaths(path));
  const formError = !error
    ? undefined
    : Object.keys(messages).length === 0
      ? problemMessage(error, t)
      : unshown?.[1];
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth={wide ? 'md' : 'xs'} fullScreen={phone && wide}>
      <form onSubmit={send} noValidate>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <FormAlert message={formError} />
          <Stack spacing={2} sx={{ pt: 1 }}>
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={pending}>
            {submit}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** A quantity or amount typed in the user's digits and kept in Latin ones (what the API reads). */
export function DecimalField({
  value,
  onChange,
  error,
  helperText,
  ...props
}: Omit<TextFieldProps, 'value' | 'onChange' | 'error'> & {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const prefs = useFormatPrefs();
  return (
    <TextField
      {...props}
      value={localizeDigits(value, prefs.digits)}
      onChange={(event) => onChange(toLatinDigits(event.target.value.trim()))}
      slotProps={{ htmlInput: { inputMode: 'decimal' } }}
      error={Boolean(error)}
      helperText={error ?? helperText}
    />
  );
}

/** A select whose empty choice ("all …") is shown by name rather than as a blank field. */
export const SHOW_EMPTY = { select: { displayEmpty: true }, inputLabel: { shrink: true } } as const;

/** Picks one of the organisation's warehouses; `empty` adds a first choice of none (e.g. "all"). */
export function WarehouseSelect({
  warehouses,
  value,
  onChange,
  label,
  error,
  empty,
  exclude,
  size,
}: {
  warehouses: Warehouse[];
  value: string;
  onChange: (id: string) => void;
  label: string;
  error?: string | undefined;
  empty?: string;
  exclude?: string;
  size?: 'small' | 'medium';
}) {
  return (
    <TextField
      select
      fullWidth
      size={size}
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error}
      slotProps={empty === undefined ? undefined : SHOW_EMPTY}
    >
      {empty !== undefined ? <MenuItem value="">{empty}</MenuItem> : null}
      {warehouses
        .filter((warehouse) => warehouse.id !== exclude)
        .map((warehouse) => (
          <MenuItem key={warehouse.id} value={warehouse.id}>
            {warehouse.name}
          </MenuItem>
        ))}
    </TextField>
  );
}
