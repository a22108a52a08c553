import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { localizeDigits } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { type Entity, PLURAL } from '../customers/api';
import type { DuplicatePair, Merge } from './api';

/** The fields compared per type (API names); lists can keep both sides' values. */
const FIELDS: Record<Entity, string[]> = {
  contact: [
    'firstName',
    'lastName',
    'phones',
    'emails',
    'nationalId',
    'jobTitle',
    'birthDate',
    'description',
  ],
  account: [
    'name',
    'phones',
    'emails',
    'nationalId',
    'website',
    'industry',
    'city',
    'address',
    'description',
  ],
  lead: ['firstName', 'lastName', 'companyName', 'phones', 'emails', 'jobTitle', 'source', 'description'],
};
const LISTS = new Set(['phones', 'emails', 'tags']);
type Choice = 'survivor' | 'merged' | 'both';

/** A field's value as text: a list of phones or e-mails as their typed values, comma-separated. */
function shown(value: unknown, separator = ', '): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value))
    return value
      .map((v) => (typeof v === 'object' && v ? String((v as { value?: unknown }).value ?? '') : String(v)))
      .join(separator);
  return String(value);
}

/**
 * Side by side: which record stays, and per field whose value it keeps. Everything attached to the
 * other record (interactions, notes, tasks, files…) moves to the one that stays; the merge can be undone.
 */
export function MergeDialog({
  pair,
  onClose,
  onMerged,
}: {
  pair: DuplicatePair;
  onClose: () => void;
  onMerged: (merge: Merge) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [survivor, setSurvivor] = useState(0);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const records = useQuery({
    queryKey: ['merge-compare', pair.id],
    queryFn: () =>
      Promise.all(
        pair.records.map((r) => api.get<Record<string, unknown>>(`/api/v1/${PLURAL[pair.type]}/${r.id}`)),
      ),
  });
  const merge = useMutation({
    mutationFn: () =>
      api.post<Merge>('/api/v1/duplicates/merge', {
        type: pair.type,
        survivorId: pair.records[survivor]?.id,
        mergedId: pair.records[1 - survivor]?.id,
        fields: choices,
      }),
    onSuccess: onMerged,
  });
  const data = records.data;
  const kept = data?.[survivor];
  const other = data?.[1 - survivor];
  const rows = FIELDS[pair.type].filter(
    (field) => kept && other && shown(kept[field]) !== shown(other[field]),
  );
  const cell = (value: unknown) => localizeDigits(shown(value, t('cleaning.separator')), prefs.digits) || '—';

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{t('cleaning.compareTitle')}</DialogTitle>
      <DialogContent>
        <FormAlert
          message={merge.error || records.error ? problemMessage(merge.error ?? records.error, t) : undefined}
        />
        {!data ? (
          <PageLoader />
        ) : (
          <>
            <RadioGroup
              aria-label={t('cleaning.survivor')}
              value={String(survivor)}
              onChange={(event) => {
                setSurvivor(Number(event.target.value));
                setChoices({});
              }}
              sx={{ mb: 2 }}
            >
              {pair.records.map((r, index) => (
                <FormControlLabel
                  key={r.id}
                  value={String(index)}
                  control={<Radio />}
                  label={t('cleaning.keep', { name: r.title })}
                />
              ))}
            </RadioGroup>
            {rows.length === 0 ? (
              <Typography color="text.secondary">{t('cleaning.same')}</Typography>
            ) : (
              <Table size="small" aria-label={t('cleaning.compareTitle')} sx={{ '& td, & th': { px: 1 } }}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('cleaning.field')}</TableCell>
                    <TableCell>{t('cleaning.keeps')}</TableCell>
                    <TableCell>{t('cleaning.goes')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((field) => {
                    const choice = choices[field] ?? (LISTS.has(field) ? 'both' : 'survivor');
                    const choose = (value: Choice) => setChoices((c) => ({ ...c, [field]: value }));
                    const label = t(`customers.fields.${field}`);
                    return (
                      <TableRow key={field}>
                        <TableCell component="th" scope="row">
                          {label}
                        </TableCell>
                        <TableCell>
                          <FormControlLabel
                            control={
                              <Radio checked={choice === 'survivor'} onChange={() => choose('survivor')} />
                            }
                            label={<span dir="auto">{cell(kept?.[field])}</span>}
                            slotProps={{ typography: { sx: { overflowWrap: 'anywhere' } } }}
                          />
                        </TableCell>
                        <TableCell>
                          <FormControlLabel
                            control={
                              <Radio checked={choice === 'merged'} onChange={() => choose('merged')} />
                            }
                            label={<span dir="auto">{cell(other?.[field])}</span>}
                            slotProps={{ typography: { sx: { overflowWrap: 'anywhere' } } }}
                          />
                          {LISTS.has(field) && (
                            <FormControlLabel
                              control={<Radio checked={choice === 'both'} onChange={() => choose('both')} />}
                              label={t('cleaning.both')}
                            />
                          )}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={() => merge.mutate()} loading={merge.isPending} disabled={!data}>
          {t('cleaning.merge')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
