import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import { useTheme } from '@mui/material/styles';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { ENTITIES, type Entity } from '../customers/api';
import {
  adminKeys,
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldInput,
  type CustomFieldType,
  type FieldOption,
  useAdminMutation,
  useCustomFields,
} from './api';
import { fieldError, hasFieldErrors, Ltr, Section, useFormat } from './shared';

const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multi_select';

/** Errors the server reported on the options: the list as a whole, and per option and part. */
function optionErrors(error: unknown): { list: boolean; at: Map<string, string> } {
  const at = new Map<string, string>();
  let list = false;
  if (!(error instanceof ApiError)) return { list, at };
  for (const e of error.problem.errors ?? []) {
    const match = /^options(?:\.(\d+)(?:\.(\w+))?)?$/.exec(e.path);
    if (!match) continue;
    if (match[1] === undefined) list = true;
    else at.set(`${match[1]}.${match[2] ?? 'value'}`, e.code);
  }
  return { list, at };
}

function FieldDialog({
  entity,
  field,
  onClose,
}: {
  entity: CustomFieldEntity;
  field?: CustomField;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { number } = useFormat();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const [values, setValues] = useState<CustomFieldInput>({
    entity,
    key: field?.key ?? '',
    labelFa: field?.labelFa ?? '',
    labelEn: field?.labelEn ?? '',
    type: field?.type ?? 'text',
    options: field?.options ?? [],
    relationEntity: field?.relationEntity ?? undefined,
    required: field?.required ?? false,
  });
  const save = useAdminMutation(
    (body: CustomFieldInput) =>
      field
        ? api.patchVersion<CustomField>(
            `/api/v1/custom-fields/${field.id}`,
            {
              labelFa: body.labelFa,
              labelEn: body.labelEn,
              required: body.required,
              ...(hasOptions(field.type) ? { options: body.options } : {}),
            },
            field.version,
          )
        : api.post<CustomField>('/api/v1/custom-fields', body),
    [adminKeys.fields(entity)],
  );
  // An edit clears the server's last answer: its errors were about the values before.
  const set = <K extends keyof CustomFieldInput>(key: K, value: CustomFieldInput[K]) => {
    save.reset();
    setValues((v) => ({ ...v, [key]: value }));
  };
  const setOption = (index: number, patch: Partial<FieldOption>) =>
    set(
      'options',
      values.options.map((o, i) => (i === index ? { ...o, ...patch } : o)),
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CustomFieldInput = {
      ...values,
      key: values.key.trim(),
      labelFa: values.labelFa.trim(),
      labelEn: values.labelEn.trim(),
      options: hasOptions(values.type)
        ? values.options.map((o) => ({
            value: o.value.trim(),
            labelFa: o.labelFa.trim(),
            labelEn: o.labelEn.trim(),
          }))
        : [],
    };
    if (values.type !== 'relation') delete body.relationEntity;
    else body.relationEntity = values.relationEntity ?? 'contact';
    save.mutate(body, { onSuccess: onClose });
  };
  const errorOf = (name: string) => fieldError(save.error, name, t);
  const options = optionErrors(save.error);
  const optionError = (index: number, part: string) =>
    options.at.has(`${index}.${part}`)
      ? options.at.get(`${index}.${part}`) === 'custom'
        ? t('admin.fields.repeatedValue')
        : t('errors.field.invalid')
      : undefined;
  const topFields = ['key', 'labelFa', 'labelEn', 'type', 'relationEntity', 'required'];
  const formError =
    save.error && !hasFieldErrors(save.error, topFields) && !options.list && options.at.size === 0
      ? problemMessage(save.error, t)
      : undefined;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>
          {field
            ? t('admin.fields.editTitle', { name: isolate(field.labelFa || field.key) })
            : t(`admin.fields.createFor.${entity}`)}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={formError} />
            <TextField
              name="labelFa"
              label={t('admin.fields.labelFa')}
              value={values.labelFa}
              required
              autoFocus
              onChange={(event) => set('labelFa', event.target.value)}
              error={Boolean(errorOf('labelFa'))}
              helperText={errorOf('labelFa')}
              slotProps={{ htmlInput: { dir: 'rtl', lang: 'fa' } }}
            />
            <TextField
              name="labelEn"
              label={t('admin.fields.labelEn')}
              value={values.labelEn}
              onChange={(event) => set('labelEn', event.target.value)}
              error={Boolean(errorOf('labelEn'))}
              helperText={errorOf('labelEn')}
              slotProps={{ htmlInput: { dir: 'ltr', lang: 'en' } }}
            />
            <TextField
              name="key"
              label={t('admin.fields.key')}
              value={values.key}
              required
              disabled={Boolean(field)}
              onChange={(event) => set('key', event.target.value)}
              error={Boolean(errorOf('key'))}
              helperText={errorOf('key') ?? t('admin.fields.keyHelp')}
              slotProps={{ htmlInput: { dir: 'ltr' } }}
            />
            <TextField
              select
              name="type"
              label={t('admin.fields.type')}
              value={values.type}
              disabled={Boolean(field)}
              onChange={(event) => {
                const type = event.target.value as CustomFieldType;
                setValues((v) => ({
                  ...v,
                  type,
                  options:
                    hasOptions(type) && v.options.length === 0
                      ? [{ value: '', labelFa: '', labelEn: '' }]
                      : v.options,
                }));
              }}
              error={Boolean(errorOf('type'))}
              helperText={errorOf('type')}
            >
              {CUSTOM_FIELD_TYPES.map((type) => (
                <MenuItem key={type} value={type}>
                  {t(`admin.fieldTypes.${type}`)}
                </MenuItem>
              ))}
            </TextField>
            {values.type === 'relation' ? (
              <TextField
                select
                name="relationEntity"
                label={t('admin.fields.relationEntity')}
                value={values.relationEntity ?? 'contact'}
                disabled={Boolean(field)}
                onChange={(event) => set('relationEntity', event.target.value as Entity)}
                error={Boolean(errorOf('relationEntity'))}
                helperText={errorOf('relationEntity')}
              >
                {ENTITIES.map((e) => (
                  <MenuItem key={e} value={e}>
                    {t(`admin.entities.${e}`)}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            <FormControlLabel
              control={
                <Switch
                  checked={values.required}
                  onChange={(event) => set('required', event.target.checked)}
                />
              }
              label={t('admin.fields.required')}
            />
            {hasOptions(values.type) ? (
              <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
                <Typography component="legend" variant="h3" sx={{ mb: 1 }}>
                  {t('admin.fields.options')}
                </Typography>
                {options.list ? (
                  <Typography role="alert" color="error" variant="body2" sx={{ mb: 1 }}>
                    {t('admin.fields.needOptions')}
                  </Typography>
                ) : null}
                <Stack spacing={1.5}>
                  {values.options.map((option, index) => (
                    <Box
                      // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place; their value can be empty
                      key={index}
                      sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}
                      data-testid="option"
                    >
                      <TextField
                        size="small"
                        label={t('admin.fields.optionValue')}
                        value={option.value}
                        onChange={(event) => setOption(index, { value: event.target.value })}
                        error={Boolean(optionError(index, 'value'))}
                        helperText={optionError(index, 'value')}
                        sx={{ flex: '1 1 110px' }}
                        slotProps={{ htmlInput: { dir: 'ltr' } }}
                      />
                      <TextField
                        size="small"
                        label={t('admin.fields.optionLabelFa')}
                        value={option.labelFa}
                        onChange={(event) => setOption(index, { labelFa: event.target.value })}
                        error={Boolean(optionError(index, 'labelFa'))}
                        helperText={optionError(index, 'labelFa')}
                        sx={{ flex: '1 1 110px' }}
                        slotProps={{ htmlInput: { dir: 'rtl', lang: 'fa' } }}
                      />
                      <TextField
                        size="small"
                        label={t('admin.fields.optionLabelEn')}
                        value={option.labelEn}
                        onChange={(event) => setOption(index, { labelEn: event.target.value })}
                        sx={{ flex: '1 1 110px' }}
                        slotProps={{ htmlInput: { dir: 'ltr', lang: 'en' } }}
                      />
                      <IconButton
                        aria-label={t('admin.fields.removeOption', { n: number(index + 1) })}
                        onClick={() =>
                          set(
                            'options',
                            values.options.filter((_o, i) => i !== index),
                          )
                        }
                      >
                        <DeleteOutlined />
                      </IconButton>
                    </Box>
                  ))}
                </Stack>
                <Button
                  startIcon={<Add />}
                  sx={{ mt: 1 }}
                  onClick={() => set('options', [...values.options, { value: '', labelFa: '', labelEn: '' }])}
                >
                  {t('admin.fields.addOption')}
                </Button>
              </Box>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function FieldRow({ field }: { field: CustomField }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormat();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useAdminMutation(
    () => api.delete(`/api/v1/custom-fields/${field.id}`),
    [adminKeys.fields(field.entity)],
  );
  const label = (i18n.language === 'en' ? field.labelEn : field.labelFa) || field.labelFa || field.key;
  const optionLabels = field.options.map((o) => (i18n.language === 'en' ? o.labelEn : o.labelFa) || o.value);
  return (
    <ListItem divider sx={{ px: 0, display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="custom-field">
      <Box sx={{ flex: '1 1 260px', minWidth: 0 }}>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography sx={{ fontWeight: 600 }}>{label}</Typography>
          <Chip size="small" variant="outlined" label={t(`admin.fieldTypes.${field.type}`)} />
          {field.required ? <Chip size="small" color="primary" label={t('admin.fields.required')} /> : null}
        </Box>
        <Typography variant="body2" color="text.secondary">
          <Ltr>{field.key}</Ltr>
        </Typography>
        {optionLabels.length ? (
          <Typography variant="body2" color="text.secondary">
            {t('admin.fields.optionList', {
              n: number(optionLabels.length),
              list: optionLabels.join(i18n.language === 'fa' ? '، ' : ', '),
            })}
          </Typography>
        ) : null}
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          variant="outlined"
          onClick={() => setEditing(true)}
          aria-label={t('admin.fields.editNamed', { name: label })}
        >
          {t('admin.edit')}
        </Button>
        <Button
          color="error"
          onClick={() => setDeleting(true)}
          aria-label={t('admin.fields.deleteNamed', { name: label })}
        >
          {t('admin.delete')}
        </Button>
      </Box>
      {editing ? <FieldDialog entity={field.entity} field={field} onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog
        open={deleting}
        title={t('admin.fields.deleteTitle')}
        message={t('admin.fields.deleteMessage', { name: isolate(label) })}
        confirm={t('admin.delete')}
        action={remove}
        onClose={() => setDeleting(false)}
      />
    </ListItem>
  );
}

export function FieldsTab() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<CustomFieldEntity>('contact');
  const [creating, setCreating] = useState(false);
  const fields = useCustomFields(entity);
  return (
    <Section
      title={t('admin.tabs.fields')}
      action={
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t('admin.fields.create')}
        </Button>
      }
    >
      <Tabs
        value={entity}
        onChange={(_event, value: CustomFieldEntity) => setEntity(value)}
        aria-label={t('admin.fields.entity')}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ mb: 1 }}
      >
        {CUSTOM_FIELD_ENTITIES.map((e) => (
          <Tab key={e} value={e} label={t(`admin.entitiesPlural.${e}`)} />
        ))}
      </Tabs>
      {fields.isPending ? (
        <PageLoader />
      ) : fields.isError ? (
        <ErrorState onRetry={() => void fields.refetch()} />
      ) : fields.data.length ? (
        <List data-testid="custom-fields">
          {fields.data.map((field) => (
            <FieldRow key={field.id} field={field} />
          ))}
        </List>
      ) : (
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          {t('admin.fields.empty')}
        </Typography>
      )}
      {creating ? <FieldDialog entity={entity} onClose={() => setCreating(false)} /> : null}
    </Section>
  );
}
