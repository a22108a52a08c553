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
import { formatDate, formatNumber, localizeDigits } from '../format';
import { type ListField, useFieldLabel, useValueLabel } from './lists';

/** Fields a list can show as a column: labelled ones (ids are not shown) and custom fields. */
export function columnFields(fields: ListField[], label: (f: ListField) => string | null): ListField[] {
  return fields.filter((f) => f.type !== 'uuid' && label(f) !== null);
}

/** How a list lays out its columns: which one names the row, which are wide, which read left to right. */
export interface ColumnLayout<R> {
  /** The column that names a row: always shown, first, widest. */
  primary: string;
  wide?: readonly string[];
  /** Phone numbers, e-mails: shown left to right in Persian too. */
  ltr?: readonly string[];
  /** A row's value for a list field (the catalogue's names map onto the row's properties). */
  valueOf: (row: R, name: string) => unknown;
}

/** Grid columns for the chosen fields, in the chosen order, each shown the way its type reads. */
export function useListColumns<R extends object>(
  fields: ListField[],
  chosen: string[],
  layout: ColumnLayout<R>,
): GridColDef<R>[] {
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
  return chosen.flatMap((name): GridColDef<R>[] => {
    const field = byName.get(name);
    if (!field) return [];
    const primary = name === layout.primary;
    return [
      {
        field: name,
        headerName: fieldLabel(field) ?? name,
        flex: primary ? 1.4 : layout.wide?.includes(name) ? 1.2 : 1,
        minWidth: primary ? 160 : 120,
        sortable: field.sortable,
        valueGetter: (_value, row) => layout.valueOf(row, name),
        renderCell: ({ value }) =>
          layout.ltr?.includes(name) ? (
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

/** Chooses the list's columns; the one that names a row (`fixed`) is always shown. */
export function ColumnsMenu({
  fields,
  chosen,
  fixed,
  onChange,
}: {
  fields: ListField[];
  chosen: string[];
  fixed: string;
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
          return (
            <MenuItem
              key={field.name}
              role="menuitemcheckbox"
              aria-checked={on}
              disabled={field.name === fixed}
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
