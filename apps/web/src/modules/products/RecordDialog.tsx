import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../api/queries';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';

/**
 * The form of one catalogue record (a product, tax class, category, customer group or price list): its
 * fields, the save error of the whole form (field errors are shown at the fields by the caller), and a
 * delete that asks first. Save and delete show only to roles the server lets change the catalogue; for
 * the others the fields are read-only.
 */
export function RecordDialog({
  title,
  maxWidth = 'sm',
  onClose,
  onSubmit,
  save,
  remove,
  children,
}: {
  title: string;
  maxWidth?: 'sm' | 'md';
  onClose: () => void;
  onSubmit: () => void;
  save: { isPending: boolean; isError: boolean; error: unknown };
  /** Present for a record that exists: deleting it, and what to ask first. */
  remove?: {
    title: string;
    message: string;
    action: {
      isPending: boolean;
      error: unknown;
      mutate: (input: undefined, options: { onSuccess: () => void }) => void;
    };
  };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const [confirming, setConfirming] = useState(false);
  const canSave = useCan('products', remove ? 'update' : 'create');
  const canDelete = useCan('products', 'delete');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth={maxWidth} fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <FormAlert message={save.isError ? problemMessage(save.error, t) : undefined} />
          {/* A disabled fieldset disables every input and button inside it, however deep. */}
          <Box component="fieldset" disabled={!canSave} sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
            <Stack spacing={2} sx={{ pt: 1 }}>
              {children}
            </Stack>
          </Box>
        </DialogContent>
        <DialogActions>
          {remove && canDelete ? (
            <Button color="error" onClick={() => setConfirming(true)} sx={{ me: 'auto' }}>
              {t('products.delete')}
            </Button>
          ) : null}
          <Button onClick={onClose}>{t('products.cancel')}</Button>
          {canSave ? (
            <Button type="submit" variant="contained" disabled={save.isPending}>
              {t('products.save')}
            </Button>
          ) : null}
        </DialogActions>
      </form>
      {remove ? (
        <ConfirmDialog
          open={confirming}
          title={remove.title}
          message={remove.message}
          confirm={t('products.delete')}
          action={{
            isPending: remove.action.isPending,
            error: remove.action.error,
            // A record that is gone closes its form too.
            mutate: (input, options) =>
              remove.action.mutate(input, {
                onSuccess: () => {
                  options.onSuccess();
                  onClose();
                },
              }),
          }}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </Dialog>
  );
}
