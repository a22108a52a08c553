import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Select from '@mui/material/Select';
import { useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate, localizeDigits } from '../../ui/format';
import {
  type DuplicatePolicy,
  type ImportView,
  type MappingEntry,
  POLICIES,
  useImportAction,
  useSaveMapping,
} from './api';
import { useImportText } from './text';

const SKIP = '';

/** The server's 422 on a mapping: errors by column index (paths mapping.N.…) and one for the whole mapping. */
function mappingErrors(error: unknown): { byColumn: Map<number, string>; whole: string | undefined } {
  const byColumn = new Map<number, string>();
  let whole: string | undefined;
  if (error instanceof ApiError && error.status === 422)
    for (const e of error.problem.errors ?? []) {
      const m = /^(?:body\.)?mapping\.(\d+)/.exec(e.path ?? '');
      if (m) byColumn.set(Number(m[1]), e.code);
      else whole = e.code;
    }
  return { byColumn, whole };
}

/**
 * Step 2: which field each column of the file goes to (the server's guess first) and what to do with
 * a row that matches an existing record. Saving leads to a dry run, or straight to the run.
 */
export function MappingStep({
  imp,
  onDryRun,
  onRun,
  onAnotherFile,
}: {
  imp: ImportView;
  onDryRun: () => void;
  onRun: () => void;
  onAnotherFile: () => void;
}) {
  const { t, i18n } = useTranslation();
  const prefs = useFormatPrefs();
  const { number, fieldLabel } = useImportText();
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));
  const [fields, setFields] = useState<string[]>([]);
  const [policy, setPolicy] = useState<DuplicatePolicy>(imp.duplicatePolicy);
  const save = useSaveMapping(imp.id);
  const action = useImportAction(imp.id);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form starts from the import as loaded
  useEffect(() => {
    setFields(imp.columns.map((c) => imp.mapping.find((m) => m.column === c.index)?.field ?? SKIP));
    setPolicy(imp.duplicatePolicy);
  }, [imp.id]);

  const [going, setGoing] = useState<'dry-run' | 'run' | null>(null);
  const submit = (then: 'dry-run' | 'run') => {
    setGoing(then);
    const stop = () => setGoing(null);
    const mapping: MappingEntry[] = imp.columns.map((c, i) => ({
      column: c.index,
      field: fields[i] ? (fields[i] as string) : null,
    }));
    save.mutate(
      { mapping, duplicatePolicy: policy },
      {
        onSuccess: () =>
          action.mutate(then, {
            onSuccess: () => (then === 'dry-run' ? onDryRun() : onRun()),
            onError: stop,
          }),
        onError: stop,
      },
    );
  };

  const error = save.error ?? action.error;
  const { byColumn, whole } = mappingErrors(error);
  const formError = !error
    ? undefined
    : whole === 'name_unmapped'
      ? t('imports.mapping.nameUnmapped')
      : byColumn.size > 0
        ? t('imports.mapping.fix')
        : problemMessage(error, t);
  const columnError = (index: number) => {
    const code = byColumn.get(index);
    if (!code) return undefined;
    return code === 'duplicate' ? t('imports.mapping.duplicate') : t('errors.field.invalid');
  };
  const sorted = [...imp.fields].sort((a, b) =>
    fieldLabel(imp.fields, a.key).localeCompare(fieldLabel(imp.fields, b.key), i18n.language),
  );
  // Each sample on its own line at phone width (an e-mail broken across lines reads badly), in a row on wider screens.
  // Each sample is its own flex item, so the list runs in the page's direction whatever the samples'
  // script; at phone width one a line (an e-mail broken across lines reads badly).
  const sampleList = (samples: string[]) => (
    <Box
      component="span"
      sx={{ display: 'flex', flexDirection: narrow ? 'column' : 'row', flexWrap: 'wrap', columnGap: 0.75 }}
    >
      {[...new Set(samples.filter((s) => s.trim() !== ''))].slice(0, 3).map((s, i, shown) => (
        <Box component="span" key={s} sx={{ overflowWrap: 'anywhere' }}>
          <bdi>{localizeDigits(s, prefs.digits)}</bdi>
          {!narrow && i < shown.length - 1 ? t('imports.mapping.sampleSeparator').trim() : null}
        </Box>
      ))}
    </Box>
  );

  return (
    <Box>
      <Typography sx={{ mb: 2 }}>
        {t('imports.mapping.intro', {
          file: isolate(imp.fileName),
          columns: number(imp.columns.length),
        })}
      </Typography>
      <FormAlert message={formError} />
      <Paper variant="outlined" sx={{ mb: 3 }}>
        <Table size="small" aria-label={t('imports.mapping.title')} data-testid="mapping">
          <TableHead>
            <TableRow>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{t('imports.mapping.column')}</TableCell>
              {narrow ? null : (
                <>
                  <TableCell>{t('imports.mapping.samples')}</TableCell>
                  <TableCell>{t('imports.mapping.target')}</TableCell>
                </>
              )}
            </TableRow>
          </TableHead>
          <TableBody>
            {imp.columns.map((column, i) => {
              const headerId = `column-${column.index}`;
              const problem = columnError(column.index);
              const samples = sampleList(column.samples);
              const select = (
                <FormControl
                  key="select"
                  size="small"
                  fullWidth
                  error={Boolean(problem)}
                  sx={narrow ? { mt: 1 } : undefined}
                >
                  <Select
                    value={fields[i] ?? SKIP}
                    displayEmpty
                    onChange={(event) =>
                      setFields((f) => f.map((v, j) => (j === i ? String(event.target.value) : v)))
                    }
                    SelectDisplayProps={{ 'aria-labelledby': headerId } as HTMLAttributes<HTMLDivElement>}
                    data-testid={`map-${column.index}`}
                  >
                    <MenuItem value={SKIP}>
                      <em>{t('imports.mapping.skip')}</em>
                    </MenuItem>
                    {sorted.map((field) => (
                      <MenuItem key={field.key} value={field.key}>
                        {fieldLabel(imp.fields, field.key)}
                      </MenuItem>
                    ))}
                  </Select>
                  {problem ? <FormHelperText>{problem}</FormHelperText> : null}
                </FormControl>
              );
              const header = (
                <Typography key="header" id={headerId} variant="body2" sx={{ fontWeight: 600 }}>
                  {column.header || t('imports.mapping.untitled', { n: number(column.index + 1) })}
                </Typography>
              );
              // At phone width one cell holds it all: the column, its samples, then where it goes.
              return narrow ? (
                <TableRow key={column.index}>
                  <TableCell component="th" scope="row">
                    {header}
                    <Typography variant="caption" color="text.secondary" component="div">
                      {samples}
                    </Typography>
                    {select}
                  </TableCell>
                </TableRow>
              ) : (
                <TableRow key={column.index}>
                  <TableCell component="th" scope="row" sx={{ verticalAlign: 'top', pt: 1.5, minWidth: 110 }}>
                    {header}
                  </TableCell>
                  <TableCell sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>{samples}</TableCell>
                  <TableCell sx={{ width: 260 }}>{select}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Paper>

      <FormControl component="fieldset" sx={{ mb: 3 }}>
        <FormLabel component="legend" sx={{ mb: 1 }}>
          {t('imports.policy.label')}
        </FormLabel>
        <RadioGroup value={policy} onChange={(event) => setPolicy(event.target.value as DuplicatePolicy)}>
          {POLICIES.map((p) => (
            <FormControlLabel
              key={p}
              value={p}
              control={<Radio />}
              label={
                <Box sx={{ py: 0.5 }}>
                  <Typography>{t(`imports.policy.${p}`)}</Typography>
                  <Typography variant="body2" color="text.secondary">
                    {t(`imports.policy.${p}Help`)}
                  </Typography>
                </Box>
              }
            />
          ))}
        </RadioGroup>
      </FormControl>

      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button
          variant="contained"
          onClick={() => submit('dry-run')}
          loading={going === 'dry-run'}
          disabled={going !== null}
        >
          {t('imports.mapping.dryRun')}
        </Button>
        <Button
          variant="outlined"
          onClick={() => submit('run')}
          loading={going === 'run'}
          disabled={going !== null}
        >
          {t('imports.mapping.runNow')}
        </Button>
        <Button onClick={onAnotherFile}>{t('imports.anotherFile')}</Button>
      </Box>
    </Box>
  );
}
