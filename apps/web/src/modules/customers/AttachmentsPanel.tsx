import AttachFile from '@mui/icons-material/AttachFile';
import Download from '@mui/icons-material/DownloadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber } from '../../ui/format';
import { type Attachment, type Entity, useAttachments, useRefreshCustomer } from './api';

const contentUrl = (a: Attachment, inline = false) =>
  `/api/v1/attachments/${a.id}/content${inline ? '?disposition=inline' : ''}`;

/** Size in the largest unit that keeps it at least 1, with the user's digits. */
function useFileSize() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  return (bytes: number) => {
    const units = ['bytes', 'kb', 'mb', 'gb'] as const;
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    const shown = formatNumber(unit === 0 ? value : Math.round(value * 10) / 10, prefs);
    return t(`customers.attachments.size.${units[unit]}`, { value: shown });
  };
}

/** Files on the record: upload (any type), preview of images and PDFs, download of everything. */
export function AttachmentsPanel({ entity, id }: { entity: Entity; id: string }) {
  const { t } = useTranslation();
  const list = useAttachments(entity, id);
  const refresh = useRefreshCustomer(entity, id);
  const input = useRef<HTMLInputElement>(null);
  const [previewing, setPreviewing] = useState<Attachment | null>(null);
  const size = useFileSize();
  const upload = useMutation({
    mutationFn: (file: File) => api.upload<Attachment>(`/api/v1/attachments?${entity}Id=${id}`, file),
    onSuccess: () => void refresh(),
  });
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="attachments-title">
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
        <Typography variant="h2" id="attachments-title" sx={{ flex: 1 }}>
          {t('customers.attachments.title')}
        </Typography>
        <Button startIcon={<AttachFile />} onClick={() => input.current?.click()} loading={upload.isPending}>
          {t('customers.attachments.add')}
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          aria-label={t('customers.attachments.add')}
          data-testid="attachment-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) upload.mutate(file);
            event.target.value = '';
          }}
        />
      </Box>
      <FormAlert message={upload.error ? problemMessage(upload.error, t) : undefined} />
      {list.data?.items.length ? (
        <List dense disablePadding data-testid="attachments">
          {list.data.items.map((a) => (
            <ListItem
              key={a.id}
              disableGutters
              secondaryAction={
                <IconButton
                  component="a"
                  href={contentUrl(a)}
                  download={a.name}
                  aria-label={t('customers.attachments.download', { name: a.name })}
                >
                  <Download />
                </IconButton>
              }
            >
              <ListItemText
                primary={
                  a.preview ? (
                    <Link component="button" onClick={() => setPreviewing(a)} sx={{ textAlign: 'start' }}>
                      {a.name}
                    </Link>
                  ) : (
                    a.name
                  )
                }
                secondary={size(a.size)}
                slotProps={{ primary: { sx: { overflowWrap: 'anywhere' } } }}
              />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography color="text.secondary">{t('customers.attachments.empty')}</Typography>
      )}
      <Dialog open={Boolean(previewing)} onClose={() => setPreviewing(null)} maxWidth="md" fullWidth>
        <DialogTitle sx={{ overflowWrap: 'anywhere' }}>{previewing?.name}</DialogTitle>
        <DialogContent>
          {previewing?.preview === 'image' && (
            <Box
              component="img"
              src={contentUrl(previewing, true)}
              alt={previewing.name}
              sx={{ maxWidth: '100%', display: 'block', mx: 'auto' }}
            />
          )}
          {previewing?.preview === 'pdf' && (
            <Box
              component="iframe"
              title={previewing.name}
              src={contentUrl(previewing, true)}
              sx={{ width: '100%', height: '70vh', border: 0 }}
            />
          )}
        </DialogContent>
      </Dialog>
    </Paper>
  );
}
