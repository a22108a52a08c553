import ViewColumn from '@mui/icons-material/ViewColumnOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import type { GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatDate, formatNumber, localizeDigits } from '../../ui/format';
import { type CustomerRecord, type Entity, titleOf } from './api';
import { type ListField, useFieldLabel, useValueLabel } from './lists';

/** What a list shows until someone chooses otherwise (or a saved view says). */
export function defaultColumns(entity: Entity): string[] {
  return entity === 'lead'
    ? ['name', 'phones', 'emails', 'status', 'createdAt']
    : ['name', 'phones', 'emails', 'createdAt'];
}

/** Fields a list can show as a column: labelled ones (ids are not shown) and custom fields. */
export function columnFields(fields: ListField[], label: (f: ListField) => string | null): ListField[] {
  return fields.filter((f) => f.type !== 'uuid' && label(f) !== null);
}

/** A record's value for a list field: the catalogue's names map onto the record's properties. */
function recordValue(row: CustomerRecord, name: string): unknown {
  switch (name) {
    case 'name':
      return titleOf(row);
    case 'phones':
      return row.phone;
    case 'emails':
      return row.email;
    case 'accountNames':
      return row.accounts?.map((a) => a.name) ?? [];
    default:
      if (name.startsWith('custom.')) return row.custom?.[name.slice('custom.'.length)];
      return (row as unknown as Record<string, unknown>)[name];
  }
}

/** Grid columns for the chosen fields, in the chosen order, each shown the way its type reads. */
export function useListColumns(fields: ListField[], chosen: string[]): GridColDef<CustomerRecord>[] {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const fieldLabel = useFieldLabel();
  const valueLabel = useValueLabel();
  const byName = new Map(columnFields(fields, fieldLabel).map((f) => [f.name, f]));
  const show = (field: ListField, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '';
    if (Array.isArray(value))
      return value.map((v) => show({ ...field, type: 'enum' }, v)).join(t('lists.listSeparator'));
    switch (field.type) {
      case 'enum':
        return valueLabel(field, String(value));
      case 'boolean':
        return t(value ? 'lists.yes' : 'lists.no');
      case 'number':
      case 'money':
        return formatNumber(Number(value), prefs);
      case 'date':
        return formatDate(
          new Date(`${String(value)}T12:00:00Z`),
          { ...prefs, timeZone: 'UTC' },
          { dateStyle: 'medium' },
        );
      case 'datetime':
        return formatDate(new Date(String(value)), prefs, { dateStyle: 'medium' });
      default:
        return localizeDigits(String(value), prefs.digits);
    }
  };
  return chosen.flatMap((name): GridColDef<CustomerRecord>[] => {
    const field = byName.get(name);
    if (!field) return [];
    const wide = name === 'name' || name === 'emails' || name === 'accountNames';
    return [
      {
        field: name,
        headerName: fieldLabel(field) ?? name,
        flex: name === 'name' ? 1.4 : wide ? 1.2 : 1,
        minWidth: name === 'name' ? 160 : 120,
        sortable: field.sortable,
        valueGetter: (_value, row) => recordValue(row, name),
        renderCell: ({ value }) =>
          name === 'phones' || name === 'emails' ? (
            <Box component="span" dir="ltr">
              {show(field, value)}
            </Box>
          ) : (
            show(field, value)
          ),
      },
    ];
  });
}

/** Chooses the list's columns; the name is always shown. */
export function ColumnsMenu({
  fields,
  chosen,
  onChange,
}: {
  fields: ListField[];
  chosen: string[];
  onChange: (columns: string[]) => void;
}) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        startIcon={<ViewColumn />}
        variant="outlined"
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
      >
        {t('lists.columns.button')}
      </Button>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        slotProps={{ paper: { sx: { maxHeight: 420 } } }}
      >
        {columnFields(fields, fieldLabel).map((field) => {
          const on = chosen.includes(field.name);
          const fixed = field.name === 'name';
          return (
            <MenuItem
              key={field.name}
              role="menuitemcheckbox"
              aria-checked={on}
              disabled={fixed}
              onClick={() => onChange(on ? chosen.filter((c) => c !== field.name) : [...chosen, field.name])}
            >
              <ListItemIcon>
                <Checkbox edge="start" checked={on} tabIndex={-1} disableRipple size="small" />
              </ListItemIcon>
              <ListItemText>{fieldLabel(field)}</ListItemText>
            </MenuItem>
          );
        })}
      </Menu>
    </>
  );
}
