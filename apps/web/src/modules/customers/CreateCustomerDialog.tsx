import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../ui/FormAlert';
import { type CustomerRecord, type Entity, useCreateCustomer } from './api';
import {
  createBodyOf,
  type FormValues,
  formFieldNames,
  formMessage,
  RecordFields,
  useRecordSchema,
} from './RecordFields';

/** Quick create's fields per type, in the order shown; the names are the API's (phone/email are its shorthands). */
const QUICK: Record<Entity, string[]> = {
  contact: ['firstName', 'lastName', 'phone', 'email', 'nationalId', 'jobTitle'],
  account: ['name', 'phone', 'email', 'nationalId', 'website', 'city'],
  lead: ['firstName', 'lastName', 'companyName', 'phone', 'email', 'source'],
};

/** The shorthands typed in quick create become the first item of the full form's lists. */
function expanded(values: FormValues): FormValues {
  const { phone, email, ...rest } = values;
  const point = (v: unknown) => (typeof v === 'string' && v.trim() ? [{ value: v.trim(), label: null }] : []);
  return {
    ...rest,
    phones: [...point(phone), ...((rest.phones as unknown[]) ?? [])],
    emails: [...point(email), ...((rest.emails as unknown[]) ?? [])],
  };
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
  const schema = useRecordSchema(entity).data;
  const [values, setValues] = useState<FormValues>({});
  const [all, setAll] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a dialog opened again starts empty
  useEffect(() => {
    if (open) {
      setValues({});
      setAll(false);
      create.reset();
    }
  }, [open, entity]);
  const names = all
    ? formFieldNames(schema)
    : QUICK[entity].filter((name) => name in (schema?.properties ?? {}));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]),
    );
    create.mutate(createBodyOf(trimmed), {
      onSuccess: onCreated,
      // A required field the quick form does not show (a custom one, say): open the whole form.
      onError: (error) => {
        if (!all && isApiError(error, 422) && formMessage(error, names, t) !== undefined) {
          setValues(expanded(values));
          setAll(true);
        }
      },
    });
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t(`customers.new.${entity}`)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={formMessage(create.error, names, t)} />
            {schema && (
              <RecordFields
                entity={entity}
                schema={schema}
                names={names}
                values={values}
                onChange={setValues}
                error={create.error}
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          {!all && (
            <Button
              sx={{ marginInlineEnd: 'auto' }}
              onClick={() => {
                setValues(expanded(values));
                setAll(true);
              }}
            >
              {t('customers.form.allFields')}
            </Button>
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
