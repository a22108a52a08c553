import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutlined';
import FilterList from '@mui/icons-material/FilterList';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import ListSubheader from '@mui/material/ListSubheader';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatDate, formatNumber, isolate, localizeDigits } from '../format';
import { LazyDateField } from '../LazyDateField';
import {
  type Combinator,
  type Condition,
  dayStartIn,
  EMPTY_FILTER,
  type FilterModel,
  type Group,
  isGroup,
  type ListField,
  modelComplete,
  type UiOp,
  uiOpOf,
  uiOpsOf,
  useFieldLabel,
  useValueLabel,
  withUiOp,
} from './lists';
import { type ReferenceOption, useReferences } from './references';

const DATE_TYPES = new Set(['date', 'datetime']);

/**
 * The fields a person can filter by here: labelled ones with operators the builder offers; of the ids,
 * only those naming a record it can show by name (a reference).
 */
export function filterableFields(fields: ListField[], label: (f: ListField) => string | null): ListField[] {
  return fields.filter(
    (f) => f.filterable && (f.type !== 'uuid' || f.references) && label(f) !== null && uiOpsOf(f).length > 0,
  );
}

/** The kinds of record the filter's conditions name, so only their names are loaded. */
function referencedIn(model: FilterModel, fields: ListField[]) {
  const conditions = model.items.flatMap((item) => (isGroup(item) ? item.items : [item]));
  return conditions.map((c) => fields.find((f) => f.name === c.field)?.references);
}

/** Words for one condition: 'تاریخ تولد از ۱ فروردین ۱۳۷۰', 'Region is North', 'Stage is Won'. */
function useConditionText(fields: ListField[], model: FilterModel) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const fieldLabel = useFieldLabel();
  const valueLabel = useValueLabel();
  const references = useReferences(referencedIn(model, fields));
  return (condition: Condition): string => {
    const field = fields.find((f) => f.name === condition.field);
    const name = field ? (fieldLabel(field) ?? condition.field) : condition.field;
    const op = uiOpOf(condition);
    const dates = field !== undefined && DATE_TYPES.has(field.type);
    const opWord =
      dates && op !== 'empty' && op !== 'notEmpty' ? t(`lists.dateOps.${op}`) : t(`lists.ops.${op}`);
    if (op === 'empty' || op === 'notEmpty') return `${name} ${opWord}`;
    const one = (value: unknown): string => {
      if (field?.type === 'enum' && typeof value === 'string') return valueLabel(field, value);
      // A name not loaded yet (or of a record since deleted) reads as an ellipsis, never as an id.
      if (field?.references && typeof value === 'string')
        return isolate(references.label(field.references, value) ?? '…');
      if (typeof value === 'boolean') return t(value ? 'lists.yes' : 'lists.no');
      if (typeof value === 'number') return formatNumber(value, prefs);
      if (dates && typeof value === 'string')
        return formatDate(
          new Date(`${value.slice(0, 10)}T12:00:00Z`),
          { ...prefs, timeZone: 'UTC' },
          {
            dateStyle: 'medium',
          },
        );
      if (field?.type === 'money' && typeof value === 'string') return localizeDigits(value, prefs.digits);
      return isolate(String(value));
    };
    const value = Array.isArray(condition.value)
      ? condition.value.map(one).join(t('lists.listSeparator'))
      : one(condition.value);
    return `${name} ${opWord} ${value}`;
  };
}

/**
 * The active filter as chips (each top-level condition or group removable on its own) and the button
 * that opens the builder. `onChange` applies a filter: the page puts it in the URL and the list asks
 * the server with it.
 */
export function FilterBar({
  fields,
  model,
  onChange,
}: {
  fields: ListField[];
  model: FilterModel;
  onChange: (model: FilterModel) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [open, setOpen] = useState(false);
  const text = useConditionText(fields, model);
  const count = model.items.length;
  const joiner = t(`lists.combinator.${model.combinator}Word`);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
      <Badge
        badgeContent={count ? formatNumber(count, prefs) : undefined}
        color="primary"
        overlap="rectangular"
      >
        <Button startIcon={<FilterList />} onClick={() => setOpen(true)} variant="outlined">
          {t('lists.filter.button')}
        </Button>
      </Badge>
      {model.items.map((item, index) => {
        const label = isGroup(item)
          ? `(${item.items.map(text).join(` ${t(`lists.combinator.${item.combinator}Word`)} `)})`
          : text(item);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity besides their place
          <Box key={index} sx={{ display: 'contents' }}>
            {index > 0 && (
              <Typography variant="body2" color="text.secondary">
                {joiner}
              </Typography>
            )}
            <Chip
              label={label}
              onDelete={() => onChange({ ...model, items: model.items.filter((_, i) => i !== index) })}
              data-testid="filter-chip"
              sx={{ maxWidth: '100%' }}
            />
          </Box>
        );
      })}
      <FilterDialog
        open={open}
        fields={fields}
        model={model}
        onClose={() => setOpen(false)}
        onApply={onChange}
      />
    </Box>
  );
}

function CombinatorToggle({
  value,
  onChange,
  label,
}: {
  value: Combinator;
  onChange: (value: Combinator) => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      color="primary"
      value={value}
      aria-label={label}
      onChange={(_event, next: Combinator | null) => next && onChange(next)}
      sx={{ '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' } }}
    >
      <ToggleButton value="and">{t('lists.combinator.and')}</ToggleButton>
      <ToggleButton value="or">{t('lists.combinator.or')}</ToggleButton>
    </ToggleButtonGroup>
  );
}

/** Edits a copy of the filter; applies it as a whole, so the list is asked once. */
function FilterDialog({
  open,
  fields,
  model,
  onClose,
  onApply,
}: {
  open: boolean;
  fields: ListField[];
  model: FilterModel;
  onClose: () => void;
  onApply: (model: FilterModel) => void;
}) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const [draft, setDraft] = useState<FilterModel>(model);
  useEffect(() => {
    if (open) setDraft(model);
  }, [open, model]);
  const choices = filterableFields(fields, fieldLabel);
  const fresh = (): Condition => {
    const field = choices[0] as ListField;
    return withUiOp({ field: field.name, op: 'eq', value: null }, uiOpsOf(field)[0] as UiOp);
  };
  const setItem = (index: number, item: Condition | Group) =>
    setDraft((d) => ({ ...d, items: d.items.map((old, i) => (i === index ? item : old)) }));
  const removeItem = (index: number) =>
    setDraft((d) => ({ ...d, items: d.items.filter((_, i) => i !== index) }));
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="md"
      fullScreen={phone}
      aria-labelledby="filter-title"
    >
      <DialogTitle id="filter-title">{t('lists.filter.title')}</DialogTitle>
      <DialogContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
          <Typography>{t('lists.filter.match')}</Typography>
          <CombinatorToggle
            value={draft.combinator}
            onChange={(combinator) => setDraft((d) => ({ ...d, combinator }))}
            label={t('lists.filter.match')}
          />
        </Box>
        {draft.items.length === 0 && <Typography color="text.secondary">{t('lists.filter.none')}</Typography>}
        {draft.items.map((item, index) =>
          isGroup(item) ? (
            <Paper
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity besides their place
              key={index}
              variant="outlined"
              sx={{ p: 1.5, mb: 1.5 }}
              role="group"
              aria-label={t('lists.filter.group')}
            >
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1, flexWrap: 'wrap' }}>
                <Typography variant="subtitle2">{t('lists.filter.groupMatch')}</Typography>
                <CombinatorToggle
                  value={item.combinator}
                  onChange={(combinator) => setItem(index, { ...item, combinator })}
                  label={t('lists.filter.groupMatch')}
                />
                <Box sx={{ flex: 1 }} />
                <IconButton aria-label={t('lists.filter.removeGroup')} onClick={() => removeItem(index)}>
                  <DeleteOutline />
                </IconButton>
              </Box>
              {item.items.map((condition, j) => (
                <ConditionRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity besides their place
                  key={j}
                  fields={choices}
                  condition={condition}
                  onChange={(next) =>
                    setItem(index, { ...item, items: item.items.map((c, k) => (k === j ? next : c)) })
                  }
                  onRemove={() => setItem(index, { ...item, items: item.items.filter((_, k) => k !== j) })}
                />
              ))}
              <Button
                size="small"
                startIcon={<Add />}
                onClick={() => setItem(index, { ...item, items: [...item.items, fresh()] })}
              >
                {t('lists.filter.addToGroup')}
              </Button>
            </Paper>
          ) : (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity besides their place
              key={index}
              fields={choices}
              condition={item}
              onChange={(next) => setItem(index, next)}
              onRemove={() => removeItem(index)}
            />
          ),
        )}
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 1 }}>
          <Button
            startIcon={<Add />}
            disabled={choices.length === 0}
            onClick={() => setDraft((d) => ({ ...d, items: [...d.items, fresh()] }))}
          >
            {t('lists.filter.addCondition')}
          </Button>
          <Button
            startIcon={<Add />}
            disabled={choices.length === 0}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                items: [...d.items, { combinator: d.combinator === 'and' ? 'or' : 'and', items: [fresh()] }],
              }))
            }
          >
            {t('lists.filter.addGroup')}
          </Button>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setDraft(EMPTY_FILTER)}>{t('lists.filter.clear')}</Button>
        <Box sx={{ flex: 1 }} />
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button
          variant="contained"
          disabled={!modelComplete(draft)}
          onClick={() => {
            onApply({
              ...draft,
              items: draft.items.filter((item) => !isGroup(item) || item.items.length > 0),
            });
            onClose();
          }}
        >
          {t('lists.filter.apply')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ConditionRow({
  fields,
  condition,
  onChange,
  onRemove,
}: {
  fields: ListField[];
  condition: Condition;
  onChange: (condition: Condition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const field = fields.find((f) => f.name === condition.field);
  const ops = field ? uiOpsOf(field) : [];
  const op = uiOpOf(condition);
  const dates = field !== undefined && DATE_TYPES.has(field.type);
  const own = fields.filter((f) => !f.custom);
  const custom = fields.filter((f) => f.custom);
  return (
    <Box
      role="group"
      aria-label={t('lists.filter.condition')}
      data-testid="filter-condition"
      sx={{
        display: 'flex',
        gap: 1,
        mb: 1.5,
        flexWrap: { xs: 'wrap', sm: 'nowrap' },
        alignItems: 'flex-start',
      }}
    >
      <TextField
        select
        size="small"
        label={t('lists.filter.field')}
        value={field ? condition.field : ''}
        onChange={(event) => {
          const next = fields.find((f) => f.name === event.target.value);
          if (next) onChange(withUiOp({ field: next.name, op: 'eq', value: null }, uiOpsOf(next)[0] as UiOp));
        }}
        sx={{ flex: { xs: '1 1 100%', sm: '0 0 190px' } }}
      >
        {own.map((f) => (
          <MenuItem key={f.name} value={f.name}>
            {fieldLabel(f)}
          </MenuItem>
        ))}
        {custom.length > 0 && <ListSubheader>{t('lists.filter.customFields')}</ListSubheader>}
        {custom.map((f) => (
          <MenuItem key={f.name} value={f.name}>
            {fieldLabel(f)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label={t('lists.filter.op')}
        value={ops.includes(op) ? op : ''}
        onChange={(event) => onChange(withUiOp(condition, event.target.value as UiOp))}
        sx={{ flex: { xs: '1 1 30%', sm: '0 0 150px' } }}
      >
        {ops.map((o) => (
          <MenuItem key={o} value={o}>
            {dates && o !== 'empty' && o !== 'notEmpty' ? t(`lists.dateOps.${o}`) : t(`lists.ops.${o}`)}
          </MenuItem>
        ))}
      </TextField>
      <Box sx={{ flex: { xs: '1 1 40%', sm: 1 }, minWidth: 0 }}>
        {field && op !== 'empty' && op !== 'notEmpty' && (
          <ValueInput
            field={field}
            condition={condition}
            onChange={(value) => onChange({ ...condition, value })}
          />
        )}
      </Box>
      <IconButton aria-label={t('lists.filter.removeCondition')} onClick={onRemove}>
        <DeleteOutline />
      </IconButton>
    </Box>
  );
}

/** The value of a condition, in an input that fits the field's type. */
function ValueInput({
  field,
  condition,
  onChange,
}: {
  field: ListField;
  condition: Condition;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const valueLabel = useValueLabel();
  const references = useReferences([field.references]);
  const label = t('lists.filter.value');
  const { value } = condition;
  // Numbers are kept as typed (any digits) and sent once they read as a number.
  const [typed, setTyped] = useState(() =>
    typeof value === 'number' || typeof value === 'string' ? localizeDigits(String(value), prefs.digits) : '',
  );
  if (field.references)
    return (
      <ChoiceInput options={references.options(field.references)} condition={condition} onChange={onChange} />
    );
  switch (field.type) {
    case 'enum':
      return (
        <ChoiceInput
          options={(field.values ?? []).map((v) => ({ id: v, label: valueLabel(field, v) }))}
          condition={condition}
          onChange={onChange}
        />
      );
    case 'boolean':
      return (
        <TextField
          select
          size="small"
          fullWidth
          label={label}
          value={typeof value === 'boolean' ? String(value) : ''}
          onChange={(event) => onChange(event.target.value === 'true')}
        >
          <MenuItem value="true">{t('lists.yes')}</MenuItem>
          <MenuItem value="false">{t('lists.no')}</MenuItem>
        </TextField>
      );
    case 'date':
      return (
        <LazyDateField
          size="small"
          fullWidth
          label={label}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
        />
      );
    case 'datetime':
      // A day: compared with when it starts in the user's time zone.
      return (
        <LazyDateField
          size="small"
          fullWidth
          label={label}
          value={typeof value === 'string' ? value.slice(0, 10) : null}
          onChange={(day) => onChange(day ? dayStartIn(day, prefs.timeZone) : null)}
        />
      );
    case 'number':
    case 'money':
      return (
        <TextField
          size="small"
          fullWidth
          label={label}
          value={typed}
          slotProps={{ htmlInput: { inputMode: 'decimal', dir: 'ltr' } }}
          onChange={(event) => {
            setTyped(event.target.value);
            const latin = localizeDigits(event.target.value, 'latn')
              .replace(/[٬,\s]/g, '')
              .replace('٫', '.');
            const ok = /^-?\d+(\.\d+)?$/.test(latin);
            onChange(ok ? (field.type === 'money' ? latin : Number(latin)) : null);
          }}
        />
      );
    default:
      return (
        <TextField
          size="small"
          fullWidth
          label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

/** One choice (`eq`…) or several (`in`) of an enum's values or the records a reference names, by name. */
function ChoiceInput({
  options,
  condition,
  onChange,
}: {
  options: ReferenceOption[];
  condition: Condition;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const { value } = condition;
  const multiple = condition.op === 'in';
  const labelOf = (id: unknown) => options.find((o) => o.id === id)?.label ?? '…';
  // Options under a heading (stages under their pipeline) get the heading once, before the first of them.
  const items = options.flatMap((option, index) => [
    ...(option.group && option.group !== options[index - 1]?.group
      ? [<ListSubheader key={`group-${option.group}`}>{option.group}</ListSubheader>]
      : []),
    <MenuItem key={option.id} value={option.id}>
      {option.label}
    </MenuItem>,
  ]);
  return (
    <TextField
      select
      size="small"
      fullWidth
      label={t('lists.filter.value')}
      value={multiple ? (Array.isArray(value) ? value : []) : typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{
        select: {
          multiple,
          renderValue: (selected) =>
            (Array.isArray(selected) ? selected : [selected]).map(labelOf).join(t('lists.listSeparator')),
        },
      }}
    >
      {items}
    </TextField>
  );
}
