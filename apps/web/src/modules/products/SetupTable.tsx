import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../api/queries';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/PageLoader';

export interface SetupColumn<T> {
  label: string;
  value: (row: T) => ReactNode;
}

/**
 * One short catalogue list (tax classes, categories, customer groups, price lists) as a table: the first
 * column opens the record's form; «new» shows to roles that may create catalogue records.
 */
export function SetupTable<T extends { id: string }>({
  title,
  query,
  columns,
  createLabel,
  onCreate,
  onOpen,
}: {
  title: string;
  query: { data: T[] | undefined; isError: boolean; refetch: () => unknown };
  columns: SetupColumn<T>[];
  createLabel: string;
  onCreate: () => void;
  onOpen: (row: T) => void;
}) {
  const { t } = useTranslation();
  const canCreate = useCan('products', 'create');
  if (query.isError) return <ErrorState onRetry={() => void query.refetch()} />;
  if (!query.data) return <PageLoader />;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Typography variant="h2" id="setup-title" sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        {canCreate ? (
          <Button variant="contained" startIcon={<Add />} onClick={onCreate}>
            {createLabel}
          </Button>
        ) : null}
      </Box>
      {query.data.length === 0 ? (
        <Typography color="text.secondary">{t('products.setup.empty')}</Typography>
      ) : (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-labelledby="setup-title">
            <TableHead>
              <TableRow>
                {columns.map((column) => (
                  <TableCell key={column.label}>{column.label}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {query.data.map((row) => (
                <TableRow key={row.id} hover>
                  {columns.map((column, index) =>
                    index === 0 ? (
                      <TableCell key={column.label} component="th" scope="row">
                        <Link component="button" type="button" onClick={() => onOpen(row)}>
                          {column.value(row)}
                        </Link>
                      </TableCell>
                    ) : (
                      <TableCell key={column.label}>{column.value(row)}</TableCell>
                    ),
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
