import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

interface Warehouse {
  id: string;
  name: string;
  isDefault: boolean;
}

/**
 * Issuing an invoice numbers it and takes its stock-tracked lines out of a warehouse: the organisation's
 * default one unless the user picks another.
 */
export function IssueDialog({
  onIssue,
  onClose,
  pending,
}: {
  onIssue: (warehouseId: string | undefined) => void;
  onClose: () => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const warehouses = useQuery({
    queryKey: ['billing', 'warehouses'],
    queryFn: async () => (await api.get<{ items: Warehouse[] }>('/api/v1/warehouses')).items,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const warehouseId = chosen ?? warehouses.data?.find((w) => w.isDefault)?.id ?? '';
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>{t('billing.issue.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t('billing.issue.explain')}</DialogContentText>
        {warehouses.data && warehouses.data.length > 0 ? (
          <TextField
            select
            fullWidth
            label={t('billing.issue.warehouse')}
            value={warehouseId}
            onChange={(event) => setChosen(event.target.value)}
          >
            {warehouses.data.map((warehouse) => (
              <MenuItem key={warehouse.id} value={warehouse.id}>
                {warehouse.name}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" loading={pending} onClick={() => onIssue(warehouseId || undefined)}>
          {t('billing.actions.issue')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
