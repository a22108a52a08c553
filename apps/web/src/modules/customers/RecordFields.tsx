// The create/edit form of accounts, contacts and leads, drawn from the API's own validation schema
// (GET /api/v1/<plural>/schema, the Zod patch schema as JSON Schema) and the organisation's custom fields:
// a field the server adds appears here without a change to this file.
import Autocomplete from '@mui/material/Autocomplete';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { fieldMessage, problemMessage } from '../../ui/errors';
import { LazyDateField } from '../../ui/LazyDateField';
import { type CustomField, type CustomFieldEntity, useCustomFields, useMembers } from '../admin/api';
import { type Entity, PLURAL } from './api';

interface JsonSchema {
  type?: string | string[];
  enum?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  maxLength?: number;
  format?: string;
}

export type FormValues = Record<string, unknown>;

/** Shorthands and links the form does not edit: the lists stand for the shorthands, links live on the 360 page. */
const NOT_IN_FORM = new Set(['email', 'phone', 'accountId', 'accounts']);
/** Identifiers, addresses and numbers read left to right in both languages. */
const LEFT_TO_RIGHT = new Set([
  'nationalId',
  'economicCode',
  'registrationNumber',
  'postalCode',
  'website',
  'phones',
  'emails',
  'birthDate',
]);

export function useRecordSchema(entity: Entity) {
  return useQuery({
    queryKey: ['record-schema', entity],
    queryFn: () => api.get<JsonSchema>(`/api/v1/${PLURAL[entity]}/schema`),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The schema without its "or null": forms clear a field by emptying it. */
function nonNull(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf?.filter((s) => s.type !== 'null');
  return options?.length === 1 ? nonNull(options[0] as JsonSchema) : schema;
}

/** Whether an error's path (`body.phones.1.value`, `/custom/budget`, `custom.budget`) is about this field. */
function isAbout(path: string | undefined, field: string): boolean {
  const dotted = String(path ?? '')
    .replace(/^body[./]|^\//, '')
    .replaceAll('/', '.');
  return dotted === field || dotted.startsWith(`${field}.`);
}

/** The server's error for a field, or for a part of it (a list's item, a custom value). */
function errorAt(error: unknown, field: string, t: TFunction): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = (error.problem.errors ?? []).find((e) => isAbout(e.path, field));
  return found ? fieldMessage(found, t) : undefined;
}

/** The fields of a record type the form shows, in the schema's order (custom fields in their own). */
export function formFieldNames(schema: JsonSchema | undefined): string[] {
  return Object.keys(schema?.properties ?? {}).filter((name) => !NOT_IN_FORM.has(name));
}

/** A whole-form message, when the error is about none of the shown fields. */
export function formMessage(error: unknown, names: string[], t: TFunction): string | undefined {
  if (!error) return undefined;
  const errors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  if (errors.some((e) => names.some((name) => isAbout(e.path, name)))) return undefined;
  return problemMessage(error, t);
}

/** The values the form edits, from a stored record: lists keep their labels, custom values their types. */
export function formValuesOf(record: Record<string, unknown>, names: string[]): FormValues {
  const values: FormValues = {};
  for (const name of names) {
    const value = record[name];
    if (value === null || value === undefined) continue;
    values[name] =
      name === 'phones' || name === 'emails'
        ? (value as { value: string; label: string | null }[]).map((p) => ({
            value: p.value,
            label: p.label,
          }))
        : value;
  }
  return values;
}

/** What changed between the stored values and the form's (emptied fields become null). */
export function changesOf(before: FormValues, after: FormValues): FormValues {
  const changes: FormValues = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    const value = after[key];
    changes[key] = value === '' || value === undefined ? null : value;
  }
  return changes;
}

/** The form's values as a create request: empty fields left out. */
export function createBodyOf(values: FormValues): FormValues {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([, v]) =>
        v !== '' &&
        v !== null &&
        v !== undefined &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
    ),
  );
}

/** A choice's label: lead statuses have theirs already (the board's columns), the rest under customers.values. */
export function valueLabel(field: string, option: string, t: TFunction, exists: (key: string) => boolean) {
  const key = field === 'status' ? `customers.leadStatus.${option}` : `customers.values.${field}.${option}`;
  return exists(key) ? t(key) : option;
}

/** A field's label; a field the catalogues do not know yet shows its API name. */
export function fieldLabel(name: string, t: TFunction, exists: (key: string) => boolean): string {
  const key = `customers.fields.${name}`;
  return exists(key) ? t(key) : name;
}

/** Values typed as chips: a phone, an e-mail or a tag per chip (Enter or comma adds one). */
function ChipsField({
  label,
  value,
  onChange,
  error,
  ltr,
  asPoints,
}: {
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  ltr: boolean;
  asPoints: boolean;
}) {
  const points = Array.isArray(value) ? value : [];
  const texts = points.map((p) => (asPoints ? (p as { value: string }).value : String(p)));
  return (
    <Autocomplete
      multiple
      freeSolo
      options={[]}
      value={texts}
      onChange={(_event, next) => {
        const cleaned = (next as string[]).map((v) => v.trim()).filter(Boolean);
        onChange(
          asPoints
            ? cleaned.map(
                (v) =>
                  (points as { value: string; label: string | null }[]).find((p) => p.value === v) ?? {
                    value: v,
                    label: null,
                  },
              )
            : cleaned,
        );
      }}
      renderValue={(chips, getItemProps) =>
        chips.map((chip, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return <Chip key={key} label={chip} size="small" dir={ltr ? 'ltr' : 'auto'} {...itemProps} />;
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          error={Boolean(error)}
          helperText={error}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, dir: ltr ? 'ltr' : 'auto' },
          }}
        />
      )}
    />
  );
}

function CustomFieldInput({
  field,
  value,
  onChange,
  error,
}: {
  field: CustomField;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
}) {
  const { i18n } = useTranslation();
  const label = i18n.language === 'fa' ? field.labelFa : field.labelEn || field.labelFa;
  const optionLabel = (o: CustomField['options'][number]) =>
    i18n.language === 'fa' ? o.labelFa : o.labelEn || o.labelFa;
  const common = { label, required: field.required, error: Boolean(error), helperText: error };
  switch (field.type) {
    case 'boolean':
      return (
        <FormControlLabel
          control={<Switch checked={value === true} onChange={(event) => onChange(event.target.checked)} />}
          label={label}
        />
      );
    case 'select':
      return (
        <TextField
          select
          {...common}
          value={value ?? ''}
          onChange={(event) => onChange(event.target.value || null)}
        >
          <MenuItem value="">—</MenuItem>
          {field.options.map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {optionLabel(o)}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'multi_select':
      return (
        <TextField
          select
          {...common}
          value={Array.isArray(value) ? value : []}
          onChange={(event) => onChange(event.target.value)}
          slotProps={{ select: { multiple: true } }}
        >
          {field.options.map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {optionLabel(o)}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'number':
    case 'money':
      return (
        <TextField
          {...common}
          type="number"
          value={value ?? ''}
          onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}
          slotProps={{ htmlInput: { dir: 'ltr' } }}
        />
      );
    case 'date':
      return (
        <LazyDateField
          label={label}
          value={typeof value === 'string' ? value : null}
          onChange={(day) => onChange(day)}
          error={error}
        />
      );
    default: {
      const ltr = ['email', 'phone', 'url', 'relation'].includes(field.type);
      return (
        <TextField
          {...common}
          multiline={field.type === 'long_text'}
          minRows={field.type === 'long_text' ? 3 : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value || null)}
          slotProps={{ htmlInput: ltr ? { dir: 'ltr' } : {} }}
        />
      );
    }
  }
}

/**
 * The form's inputs for one record type, each with the server's error for it in place: `names` chooses
 * them (quick create shows a few); when it holds `custom`, the custom fields follow the built-in ones.
 */
export function RecordFields({
  entity,
  schema,
  names,
  values,
  onChange,
  error,
}: {
  entity: Entity;
  schema: JsonSchema;
  names: string[];
  values: FormValues;
  onChange: (values: FormValues) => void;
  error: unknown;
}) {
  const { t, i18n } = useTranslation();
  const members = useMembers();
  const set = (name: string, value: unknown) => onChange({ ...values, [name]: value });
  const exists = (key: string) => i18n.exists(key);
  const inputs: ReactNode[] = names.map((name, index) => {
    const field = nonNull(schema.properties?.[name] ?? {});
    const label = fieldLabel(name, t, exists);
    const message = errorAt(error, name, t);
    const value = values[name];
    if (name === 'custom') return null;
    if (name === 'ownerId')
      return (
        <TextField
          key={name}
          select
          label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => set(name, event.target.value || null)}
          error={Boolean(message)}
          helperText={message}
        >
          {(members.data ?? [])
            .filter((m) => m.status === 'active' || m.id === value)
            .map((m) => (
              <MenuItem key={m.id} value={m.id}>
                {m.name}
              </MenuItem>
            ))}
        </TextField>
      );
    if (field.type === 'array')
      return (
        <ChipsField
          key={name}
          label={label}
          value={value}
          onChange={(next) => set(name, next)}
          error={message}
          ltr={LEFT_TO_RIGHT.has(name)}
          asPoints={Boolean(field.items?.anyOf?.some((s) => s.type === 'object'))}
        />
      );
    if (field.enum)
      return (
        <TextField
          key={name}
          select
          label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => set(name, event.target.value || null)}
          error={Boolean(message)}
          helperText={message}
        >
          {field.enum.map((option) => (
            <MenuItem key={option} value={option}>
              {exists(`customers.values.${name}.${option}`)
                ? t(`customers.values.${name}.${option}`)
                : option}
            </MenuItem>
          ))}
        </TextField>
      );
    if (name === 'birthDate')
      return (
        <LazyDateField
          key={name}
          name={name}
          label={label}
          value={typeof value === 'string' ? value : null}
          onChange={(day) => set(name, day)}
          error={message}
        />
      );
    const numeric = field.type === 'integer' || field.type === 'number';
    return (
      <TextField
        key={name}
        name={name}
        label={label}
        autoFocus={index === 0}
        type={numeric ? 'number' : 'text'}
        multiline={(field.maxLength ?? 0) > 1000}
        minRows={(field.maxLength ?? 0) > 1000 ? 3 : undefined}
        value={typeof value === 'string' || typeof value === 'number' ? value : ''}
        onChange={(event) =>
          set(name, numeric && event.target.value !== '' ? Number(event.target.value) : event.target.value)
        }
        error={Boolean(message)}
        helperText={message}
        slotProps={{ htmlInput: LEFT_TO_RIGHT.has(name) || numeric ? { dir: 'ltr' } : {} }}
      />
    );
  });
  if (names.includes('custom'))
    inputs.push(
      <CustomFieldInputs
        key="custom"
        entity={entity}
        values={(values.custom ?? {}) as Record<string, unknown>}
        onChange={(custom) => set('custom', custom)}
        error={error}
      />,
    );
  return inputs;
}

/** An input per custom field of the record type, each with the server's error at `custom.<key>`. */
export function CustomFieldInputs({
  entity,
  values,
  onChange,
  error,
}: {
  entity: CustomFieldEntity;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const customFields = useCustomFields(entity).data ?? [];
  return customFields.map((field) => (
    <CustomFieldInput
      key={`custom.${field.key}`}
      field={field}
      value={values[field.key]}
      onChange={(next) => onChange({ ...values, [field.key]: next })}
      error={errorAt(error, `custom.${field.key}`, t)}
    />
  ));
}
