import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { fieldMessages } from '../../ui/errors';
import { localizeDigits } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { useSaveVendor, useVendors, type Vendor } from './api';
import { FormDialog } from './parts';

/** The vendors purchase orders are placed with: listed by name, made and changed in a dialog. */
export function VendorsTab() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const keeper = useCan('inventory', 'create');
  const vendors = useVendors();
  const [editing, setEditing] = useState<Vendor | 'new' | null>(null);
  if (vendors.isPending) return <PageLoader />;
  if (vendors.isError) return <ErrorState onRetry={() => void vendors.refetch()} />;
  return (
    <>
      {keeper ? (
        <Box>
          <Button variant="contained" startIcon={<Add />} onClick={() => setEditing('new')}>
            {t('inventory.vendors.create')}
          </Button>
        </Box>
      ) : null}
      <TableContainer component={Paper} variant="outlined">
        <Table aria-label={t('inventory.tabs.vendors')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('inventory.vendors.name')}</TableCell>
              <TableCell>{t('inventory.vendors.phone')}</TableCell>
              <TableCell>{t('inventory.vendors.email')}</TableCell>
              {keeper ? <TableCell>{t('inventory.actions.title')}</TableCell> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {vendors.data.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4}>{t('inventory.vendors.none')}</TableCell>
              </TableRow>
            ) : null}
            {vendors.data.map((vendor) => (
              <TableRow key={vendor.id}>
                <TableCell>{vendor.name}</TableCell>
                <TableCell>
                  <bdi>{localizeDigits(vendor.phone, prefs.digits)}</bdi>
                </TableCell>
                <TableCell>
                  <bdi>{vendor.email}</bdi>
                </TableCell>
                {keeper ? (
                  <TableCell>
                    <Button size="small" onClick={() => setEditing(vendor)}>
                      {t('inventory.vendors.edit')}
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {editing ? (
        <VendorDialog vendor={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

/** A vendor made or changed; `onSaved` gets the vendor as the server keeps it (a new order picks it). */
export function VendorDialog({
  vendor,
  onClose,
  onSaved,
}: {
  vendor: Vendor | undefined;
  onClose: () => void;
  onSaved?: (vendor: Vendor) => void;
}) {
  const { t } = useTranslation();
  const save = useSaveVendor(vendor);
  const [form, setForm] = useState({
    name: vendor?.name ?? '',
    phone: vendor?.phone ?? '',
    email: vendor?.email ?? '',
    note: vendor?.note ?? '',
  });
  const errors = fieldMessages(save.error, t);
  const field = (name: keyof typeof form, extra: { required?: boolean; multiline?: boolean } = {}) => (
    <TextField
      label={t(`inventory.vendors.${name}`)}
      name={name}
      value={form[name]}
      onChange={(event) => setForm((current) => ({ ...current, [name]: event.target.value }))}
      error={Boolean(errors[name])}
      helperText={errors[name]}
      required={extra.required}
      multiline={extra.multiline}
      minRows={extra.multiline ? 2 : undefined}
    />
  );
  return (
    <FormDialog
      title={t(vendor ? 'inventory.vendors.edit' : 'inventory.vendors.create')}
      submit={t('common.save')}
      pending={save.isPending}
      error={save.error}
      shownPaths={(path) => path in form}
      onSubmit={() =>
        save.mutate(form, {
          onSuccess: (saved) => {
            onSaved?.(saved);
            onClose();
          },
        })
      }
      onClose={onClose}
    >
      {field('name', { required: true })}
      {field('phone')}
      {field('email')}
      {field('note', { multiline: true })}
    </FormDialog>
  );
}
