import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage, serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { type CustomerRecord, type Entity, useCreateCustomer } from './api';

/** The fields of the quick-create form per type, in the order shown; the names are the API's. */
const FIELDS: Record<Entity, { name: string; ltr?: boolean; required?: boolean; type?: string }[]> = {
  contact: [
    { name: 'firstName' },
    { name: 'lastName' },
    { name: 'phone', ltr: true, type: 'tel' },
    { name: 'email', ltr: true, type: 'email' },
    { name: 'nationalId', ltr: true },
    { name: 'jobTitle' },
  ],
  account: [
    { name: 'name', required: true },
    { name: 'phone', ltr: true, type: 'tel' },
    { name: 'email', ltr: true, type: 'email' },
    { name: 'nationalId', ltr: true },
    { name: 'website', ltr: true },
    { name: 'city' },
  ],
  lead: [
    { name: 'firstName' },
    { name: 'lastName' },
    { name: 'companyName' },
    { name: 'phone', ltr: true, type: 'tel' },
    { name: 'email', ltr: true, type: 'email' },
    { name: 'source' },
  ],
};

/** The form's fields for a type, each with the server's error for it shown in place. */
export function CustomerFields({
  entity,
  values,
  onChange,
  error,
}: {
  entity: Entity;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  return FIELDS[entity].map((field, index) => {
    const message = serverFieldError(error, field.name, t);
    return (
      <TextField
        key={field.name}
        name={field.name}
        label={t(`customers.fields.${field.name}`)}
        type={field.type ?? 'text'}
        required={field.required}
        autoFocus={index === 0}
        value={values[field.name] ?? ''}
        onChange={(event) => onChange({ ...values, [field.name]: event.target.value })}
        error={Boolean(message)}
        helperText={message}
        slotProps={{ htmlInput: field.ltr ? { dir: 'ltr' } : {} }}
      />
    );
  });
}

/** A whole-form message, when the error is not about one of the form's fields. */
export function formMessage(entity: Entity, error: unknown, t: TFunction): string | undefined {
  if (!error || FIELDS[entity].some((f) => serverFieldError(error, f.name, t))) return undefined;
  return problemMessage(error, t);
}

/** The values the form edits, from a stored record (its first phone and e-mail). */
export function formValues(entity: Entity, record: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name } of FIELDS[entity]) {
    const value = record[name];
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/** Quick create: the few fields people have at hand; the server validates and answers per field. */
export function CreateCustomerDialog({
  entity,
  open,
  onClose,
  onCreated,
}: {
  entity: Entity;
  open: boolean;
  onClose: () => void;
  onCreated: (record: CustomerRecord) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateCustomer(entity);
  const [values, setValues] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts empty
  useEffect(() => {
    if (open) {
      setValues({});
      create.reset();
    }
  }, [open, entity]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) if (value.trim()) body[key] = value.trim();
    create.mutate(body, { onSuccess: onCreated });
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t(`customers.new.${entity}`)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={formMessage(entity, create.error, t)} />
            <CustomerFields entity={entity} values={values} onChange={setValues} error={create.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
