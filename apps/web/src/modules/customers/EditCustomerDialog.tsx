import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { type Entity, type ListPage, PLURAL, type TimelineEntry } from './api';
import {
  changesOf,
  type FormValues,
  formFieldNames,
  formMessage,
  formValuesOf,
  RecordFields,
  useRecordSchema,
} from './RecordFields';

type Stored = Record<string, unknown> & { version: number; updatedAt: string };

/** Who saved the record last and when, from its own history on the timeline (leads have none: unknown). */
async function lastChange(entity: Entity, id: string) {
  if (entity === 'lead') return undefined;
  const page = await api.get<ListPage<TimelineEntry>>(
    `/api/v1/${PLURAL[entity]}/${id}/timeline?kinds=audit&limit=1`,
  );
  return page.items[0];
}

/**
 * Edit the record as the user saw it: the change is sent with that version (If-Match). When someone
 * saved in between, the dialog says who and when, and offers to load their version or overwrite it.
 */
export function EditCustomerDialog({
  entity,
  id,
  open,
  onClose,
  onSaved,
}: {
  entity: Entity;
  id: string;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const path = `/api/v1/${PLURAL[entity]}/${id}`;
  const record = useQuery({
    queryKey: ['customer-edit', entity, id],
    queryFn: () => api.get<Stored>(path),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
  });
  const [base, setBase] = useState<Stored | null>(null);
  const schema = useRecordSchema(entity).data;
  const names = formFieldNames(schema);
  const [values, setValues] = useState<FormValues>({});
  const [conflict, setConflict] = useState<{ latest: Stored; by: string | null; at: string } | null>(null);
  useEffect(() => {
    if (open && record.data && schema && !base) {
      setBase(record.data);
      setValues(formValuesOf(record.data, formFieldNames(schema)));
    }
  }, [open, record.data, base, schema]);
  useEffect(() => {
    if (!open) {
      setBase(null);
      setConflict(null);
    }
  }, [open]);

  const changes = () => changesOf(base ? formValuesOf(base, names) : {}, values);
  const save = useMutation({
    mutationFn: (version: number) => api.patchVersion(path, changes(), version),
    onSuccess: onSaved,
    onError: async (error) => {
      if (!isApiError(error, 409)) return;
      const [latest, entry] = await Promise.all([api.get<Stored>(path), lastChange(entity, id)]);
      setConflict({
        latest,
        by: entry ? String(entry.data.actorName ?? t('customers.timeline.system')) : null,
        at: formatDate(new Date(entry?.at ?? latest.updatedAt), prefs, {
          dateStyle: 'medium',
          timeStyle: 'short',
        }),
      });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (base) save.mutate(base.version);
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('customers.edit.title')}</DialogTitle>
        <DialogContent>
          {!base ? (
            <PageLoader />
          ) : (
            <Stack spacing={2} sx={{ pt: 1 }}>
              {conflict ? (
                <Alert
                  severity="warning"
                  role="alert"
                  action={
                    <Stack direction="row" spacing={1}>
                      <Button
                        color="inherit"
                        size="small"
                        onClick={() => {
                          setBase(conflict.latest);
                          setValues(formValuesOf(conflict.latest, names));
                          setConflict(null);
                          save.reset();
                        }}
                      >
                        {t('customers.edit.reload')}
                      </Button>
                      <Button
                        color="inherit"
                        size="small"
                        onClick={() => {
                          setConflict(null);
                          save.mutate(conflict.latest.version);
                        }}
                      >
                        {t('customers.edit.overwrite')}
                      </Button>
                    </Stack>
                  }
                >
                  {conflict.by === null
                    ? t('customers.edit.conflictAt', { at: conflict.at })
                    : t('customers.edit.conflict', { name: isolate(conflict.by), at: conflict.at })}
                </Alert>
              ) : (
                <FormAlert message={formMessage(save.error, names, t)} />
              )}
              {schema && (
                <RecordFields
                  entity={entity}
                  schema={schema}
                  names={names}
                  values={values}
                  onChange={setValues}
                  error={save.error}
                />
              )}
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            loading={save.isPending}
            disabled={!base || Boolean(conflict)}
          >
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
