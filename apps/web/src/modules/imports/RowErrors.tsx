import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { isolate } from '../../ui/format';
import { type RunMode, type TargetField, useImportRows } from './api';
import { useImportText } from './text';

const PAGE_SIZE = 10;

/**
 * The rejected rows of a dry run or a run, with every error: row number, column and field, message.
 * Paged on the server by row number: each page starts after the last row of the one before.
 */
export function RowErrors({
  id,
  mode,
  fields,
  total,
}: {
  id: string;
  mode: RunMode;
  fields: TargetField[];
  total: number;
}) {
  const { t } = useTranslation();
  const { number, fieldLabel, errorMessage } = useImportText();
  const [page, setPage] = useState(0);
  const [cursors, setCursors] = useState<number[]>([0]);
  const rows = useImportRows(id, mode, 'rejected', cursors[page] ?? 0, PAGE_SIZE);
  const next = rows.data?.nextAfter ?? null;
  if (rows.isError) return <ErrorState onRetry={() => void rows.refetch()} />;
  const titleId = `rejected-${mode}`;
  return (
    <Paper variant="outlined" component="section" aria-labelledby={titleId} sx={{ mt: 2 }}>
      <Typography variant="h2" id={titleId} sx={{ p: 2, pb: 1 }}>
        {t('imports.rows.title', { n: number(total) })}
      </Typography>
      <TableContainer>
        <Table size="small" aria-labelledby={titleId} data-testid={`rejected-rows-${mode}`}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 72 }}>{t('imports.rows.row')}</TableCell>
              <TableCell>{t('imports.rows.field')}</TableCell>
              <TableCell>{t('imports.rows.message')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(rows.data?.items ?? []).map((row) => (
              <Fragment key={row.row}>
                {row.errors.map((error, index) => (
                  <TableRow
                    key={`${row.row}-${error.field}-${error.code}-${error.message}`}
                    data-row={row.row}
                  >
                    {index === 0 ? (
                      <TableCell rowSpan={row.errors.length} sx={{ verticalAlign: 'top' }}>
                        {number(row.row)}
                      </TableCell>
                    ) : null}
                    <TableCell data-field={error.field}>
                      {fieldLabel(fields, error.field)}
                      {error.column && error.column !== fieldLabel(fields, error.field) ? (
                        <Typography component="span" variant="body2" color="text.secondary">
                          {` (${t('imports.rows.column', { column: isolate(error.column) })})`}
                        </Typography>
                      ) : null}
                    </TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>{errorMessage(error)}</TableCell>
                  </TableRow>
                ))}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {total > PAGE_SIZE ? (
        <TablePagination
          component="div"
          count={total}
          page={page}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[]}
          onPageChange={(_event, nextPage: number) => {
            if (nextPage > page && next !== null && cursors.length === page + 1)
              setCursors((c) => [...c, next]);
            setPage(nextPage);
          }}
          slotProps={{ actions: { nextButton: { disabled: next === null } } }}
          labelDisplayedRows={({ from, to, count }) =>
            t('imports.rows.paging', { from: number(from), to: number(to), count: number(count) })
          }
          getItemAriaLabel={(type) =>
            type === 'next' ? t('imports.rows.nextPage') : t('imports.rows.previousPage')
          }
        />
      ) : null}
    </Paper>
  );
}
