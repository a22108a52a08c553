// A record's facts as the form knows its fields (the API's schema and the custom fields): every value
// that is set, labelled in the user's language, lists in full, choices by their labels.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatDate, localizeDigits } from '../../ui/format';
import { type CustomFieldEntity, useCustomFields, useMembers } from '../admin/api';
import type { Entity } from './api';
import { fieldLabel, formFieldNames, useRecordSchema, valueLabel } from './RecordFields';

/** Fields shown elsewhere on the page (the name and a lead's status in the header, tags as chips below). */
const NOT_A_FACT = new Set(['firstName', 'lastName', 'name', 'status', 'custom', 'tags', 'description']);
const LEFT_TO_RIGHT = new Set(['phones', 'emails', 'nationalId', 'economicCode', 'postalCode', 'website']);

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography component="div" sx={{ overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Box>
  );
}

/** The record's custom values that are set, as facts labelled in the user's language. */
export function useCustomFacts(entity: CustomFieldEntity, custom: Record<string, unknown>): ReactNode[] {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const customFields = useCustomFields(entity).data ?? [];
  const digits = (text: string) => localizeDigits(text, prefs.digits);
  const facts: ReactNode[] = [];
  for (const field of customFields) {
    const value = custom[field.key];
    if (value === null || value === undefined) continue;
    const label = i18n.language === 'fa' ? field.labelFa : field.labelEn || field.labelFa;
    const option = (v: unknown) => {
      const found = field.options.find((o) => o.value === v);
      return found ? (i18n.language === 'fa' ? found.labelFa : found.labelEn || found.labelFa) : String(v);
    };
    const text =
      field.type === 'select'
        ? option(value)
        : field.type === 'multi_select' && Array.isArray(value)
          ? value.map(option).join(t('cleaning.separator'))
          : field.type === 'boolean'
            ? t(value ? 'customers.values.yes' : 'customers.values.no')
            : String(value);
    facts.push(
      <Fact key={`custom.${field.key}`} label={label}>
        {['url', 'email', 'phone'].includes(field.type) ? <bdi dir="ltr">{digits(text)}</bdi> : digits(text)}
      </Fact>,
    );
  }
  return facts;
}

export function RecordFacts({ entity, record }: { entity: Entity; record: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const schema = useRecordSchema(entity).data;
  const members = useMembers().data ?? [];
  const customFacts = useCustomFacts(entity, (record.custom ?? {}) as Record<string, unknown>);
  const digits = (text: string) => localizeDigits(text, prefs.digits);
  // A phone or e-mail keeps its left-to-right order but sits where the page's lines start.
  const ltr = (text: string) => <bdi dir="ltr">{digits(text)}</bdi>;
  const facts: ReactNode[] = [];
  for (const name of formFieldNames(schema)) {
    const value = record[name];
    if (NOT_A_FACT.has(name) || value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    let shown: ReactNode;
    if (name === 'ownerId') shown = members.find((m) => m.id === value)?.name ?? null;
    else if (Array.isArray(value))
      shown = value.map((item: { value?: string } | string) => {
        const text = typeof item === 'string' ? item : (item.value ?? '');
        return <Box key={text}>{LEFT_TO_RIGHT.has(name) ? ltr(text) : digits(text)}</Box>;
      });
    else if (name === 'birthDate' && typeof value === 'string')
      shown = formatDate(new Date(`${value}T12:00:00Z`), prefs, { dateStyle: 'medium' });
    else if (typeof value === 'string')
      shown = LEFT_TO_RIGHT.has(name) ? ltr(value) : digits(valueLabel(name, value, t, i18n.exists));
    else shown = digits(String(value));
    if (shown !== null)
      facts.push(
        <Fact key={name} label={fieldLabel(name, t, i18n.exists)}>
          {shown}
        </Fact>,
      );
  }
  facts.push(...customFacts);
  const tags = Array.isArray(record.tags) ? (record.tags as string[]) : [];
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, display: 'grid', gap: 1.5 }}
      component="section"
      aria-labelledby="facts-title"
    >
      <Typography variant="h2" id="facts-title">
        {t('customers.facts')}
      </Typography>
      {facts}
      {tags.length > 0 && (
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }} aria-label={t('customers.fields.tags')}>
          {tags.map((tag) => (
            <Chip key={tag} size="small" label={tag} />
          ))}
        </Box>
      )}
      {typeof record.description === 'string' && record.description && (
        <Typography sx={{ whiteSpace: 'pre-wrap' }} color="text.secondary">
          {record.description}
        </Typography>
      )}
    </Paper>
  );
}
