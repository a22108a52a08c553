import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { problemMessage } from './errors';

/**
 * Asks before something that cannot be taken back (delete, revoke); runs `action` on confirm, closes
 * when it succeeds, and shows its error in place when it fails.
 */
export function ConfirmDialog({
  open,
  title,
  message,
  confirm,
  action,
  onClose,
}: {
  open: boolean;
  title: string;
  message: string;
  confirm: string;
  /** A react-query mutation that takes no input (delete, revoke). */
  action: {
    isPending: boolean;
    error: unknown;
    mutate: (input: undefined, options: { onSuccess: () => void }) => void;
  };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{message}</DialogContentText>
        {action.error ? (
          <Typography role="alert" color="error" sx={{ mt: 2 }}>
            {problemMessage(action.error, t)}
          </Typography>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button
          color="error"
          variant="contained"
          loading={action.isPending}
          onClick={() => action.mutate(undefined, { onSuccess: onClose })}
        >
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
