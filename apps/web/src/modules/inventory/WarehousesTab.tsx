import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useMe } from '../../api/queries';
import { ErrorState } from '../../ui/ErrorState';
import { fieldMessages, problemMessage } from '../../ui/errors';
import { PageLoader } from '../../ui/PageLoader';
import { isAdministrator } from '../admin/access';
import {
  useInventorySettings,
  useSaveInventorySettings,
  useSaveWarehouse,
  useWarehouses,
  type Warehouse,
} from './api';
import { FormDialog } from './parts';

/**
 * The organisation's warehouses: made, renamed, and which one is the default (documents' usual source);
 * owners and administrators also decide here whether stock may go below zero.
 */
export function WarehousesTab() {
  const { t } = useTranslation();
  const me = useMe().data;
  const keeper = useCan('inventory', 'create');
  const warehouses = useWarehouses();
  const [editing, setEditing] = useState<Warehouse | 'new' | null>(null);
  if (warehouses.isPending) return <PageLoader />;
  if (warehouses.isError) return <ErrorState onRetry={() => void warehouses.refetch()} />;
  return (
    <>
      {keeper ? (
        <Box>
          <Button variant="contained" startIcon={<Add />} onClick={() => setEditing('new')}>
            {t('inventory.warehouses.create')}
          </Button>
        </Box>
      ) : null}
      <TableContainer component={Paper} variant="outlined">
        <Table aria-label={t('inventory.tabs.warehouses')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('inventory.warehouses.name')}</TableCell>
              <TableCell>{t('inventory.warehouses.address')}</TableCell>
              {keeper ? <TableCell>{t('inventory.actions.title')}</TableCell> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {warehouses.data.map((warehouse) => (
              <WarehouseRow
                key={warehouse.id}
                warehouse={warehouse}
                keeper={keeper}
                onEdit={() => setEditing(warehouse)}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {isAdministrator(me?.role?.key) ? <NegativeStockSwitch /> : null}
      {editing ? (
        <WarehouseDialog
          warehouse={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function WarehouseRow({
  warehouse,
  keeper,
  onEdit,
}: {
  warehouse: Warehouse;
  keeper: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const makeDefault = useSaveWarehouse(warehouse);
  return (
    <TableRow>
      <TableCell>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          {warehouse.name}
          {warehouse.isDefault ? (
            <Chip size="small" color="primary" label={t('inventory.warehouses.default')} />
          ) : null}
        </Box>
      </TableCell>
      <TableCell>{warehouse.address}</TableCell>
      {keeper ? (
        <TableCell>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            <Button size="small" onClick={onEdit}>
              {t('inventory.warehouses.edit')}
            </Button>
            {warehouse.isDefault ? null : (
              <Button
                size="small"
                loading={makeDefault.isPending}
                onClick={() => makeDefault.mutate({ isDefault: true })}
              >
                {t('inventory.warehouses.makeDefault')}
              </Button>
            )}
          </Box>
          {makeDefault.error ? (
            <Typography role="alert" color="error" variant="body2">
              {problemMessage(makeDefault.error, t)}
            </Typography>
          ) : null}
        </TableCell>
      ) : null}
    </TableRow>
  );
}

function WarehouseDialog({ warehouse, onClose }: { warehouse: Warehouse | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveWarehouse(warehouse);
  const [name, setName] = useState(warehouse?.name ?? '');
  const [address, setAddress] = useState(warehouse?.address ?? '');
  const errors = fieldMessages(save.error, t);
  return (
    <FormDialog
      title={t(warehouse ? 'inventory.warehouses.edit' : 'inventory.warehouses.create')}
      submit={t('common.save')}
      pending={save.isPending}
      error={save.error}
      shownPaths={(path) => ['name', 'address'].includes(path)}
      onSubmit={() => save.mutate({ name, address }, { onSuccess: onClose })}
      onClose={onClose}
    >
      <TextField
        label={t('inventory.warehouses.name')}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={Boolean(errors.name)}
        helperText={errors.name}
        required
        autoFocus
      />
      <TextField
        label={t('inventory.warehouses.address')}
        value={address}
        onChange={(event) => setAddress(event.target.value)}
        error={Boolean(errors.address)}
        helperText={errors.address}
        multiline
        minRows={2}
      />
    </FormDialog>
  );
}

/** Whether documents may take more than is in stock (levels below zero); refused by default. */
function NegativeStockSwitch() {
  const { t } = useTranslation();
  const settings = useInventorySettings();
  const save = useSaveInventorySettings(settings.data);
  if (!settings.data) return null;
  return (
    <Box>
      <FormControlLabel
        control={
          <Switch
            // Shows the choice at once; the server's answer (or its refusal) settles it.
            checked={save.isPending ? save.variables : settings.data.allowNegativeStock}
            disabled={save.isPending}
            onChange={(event) => save.mutate(event.target.checked)}
          />
        }
        label={t('inventory.settings.allowNegative')}
      />
      <FormHelperText>{t('inventory.settings.allowNegativeHelp')}</FormHelperText>
      {save.error ? (
        <Typography role="alert" color="error" variant="body2">
          {problemMessage(save.error, t)}
        </Typography>
      ) : null}
    </Box>
  );
}
