import UploadFile from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { ENTITIES, type Entity } from '../customers/api';
import { type ImportView, useUploadImport } from './api';
import { UPLOAD_ACCEPT, UPLOAD_FORMATS } from './text';

/** Step 1: what the rows are, and the file — picked or dropped. */
export function UploadStep({
  entity,
  onEntity,
  onUploaded,
}: {
  entity: Entity;
  onEntity: (entity: Entity) => void;
  onUploaded: (created: ImportView) => void;
}) {
  const { t } = useTranslation();
  const upload = useUploadImport(entity);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const send = (file: File | undefined) => {
    if (file) upload.mutate(file, { onSuccess: onUploaded });
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    send(event.dataTransfer.files[0]);
  };
  const error = upload.error;
  const message = !error
    ? undefined
    : isApiError(error, 413)
      ? t('imports.upload.tooLarge')
      : isApiError(error, 415) || isApiError(error, 422) || isApiError(error, 400)
        ? t('imports.upload.unreadable')
        : problemMessage(error, t);
  return (
    <Box>
      <TextField
        select
        label={t('imports.upload.type')}
        value={entity}
        onChange={(event) => onEntity(event.target.value as Entity)}
        size="small"
        sx={{ mb: 2, minWidth: 200 }}
      >
        {ENTITIES.map((e) => (
          <MenuItem key={e} value={e}>
            {t(`customers.plural.${e}`)}
          </MenuItem>
        ))}
      </TextField>
      <FormAlert message={message} />
      <Paper
        variant="outlined"
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        sx={{
          p: { xs: 3, sm: 6 },
          textAlign: 'center',
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: dragging ? 'primary.main' : 'divider',
          bgcolor: dragging ? 'action.hover' : 'transparent',
        }}
      >
        <UploadFile sx={{ fontSize: 48, color: 'text.secondary' }} aria-hidden />
        <Typography sx={{ mt: 1, mb: 2 }}>{t('imports.upload.drop')}</Typography>
        <Button variant="contained" onClick={() => input.current?.click()} loading={upload.isPending}>
          {t('imports.upload.choose')}
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          accept={UPLOAD_ACCEPT}
          data-testid="import-file-input"
          aria-label={t('imports.upload.choose')}
          onChange={(event) => {
            send(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {t('imports.upload.formats', { formats: UPLOAD_FORMATS })}
        </Typography>
      </Paper>
    </Box>
  );
}
