import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { localizeDigits } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import { type CustomerRecord, ENTITIES, type Entity, PLURAL, titleOf } from '../customers/api';
import { adminKeys, type DeletedRecord, useAdminMutation, useRecycleBin } from './api';
import { Ltr, Section, useFormat } from './shared';

function DeletedRow({ entity, record }: { entity: Entity; record: DeletedRecord }) {
  const { t } = useTranslation();
  const { date, prefs } = useFormat();
  const restore = useAdminMutation(
    () => api.post<CustomerRecord>(`/api/v1/${PLURAL[entity]}/${record.id}/restore`),
    [adminKeys.bin(entity)],
  );
  const title = titleOf(record) || t('admin.bin.untitled');
  return (
    <ListItem divider sx={{ px: 0, display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="deleted-record">
      <Box sx={{ flex: '1 1 240px', minWidth: 0 }}>
        <Typography sx={{ fontWeight: 600 }}>{title}</Typography>
        {record.phone || record.email ? (
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}
          >
            {record.phone ? <Ltr>{localizeDigits(record.phone, prefs.digits)}</Ltr> : null}
            {record.email ? <Ltr>{record.email}</Ltr> : null}
          </Typography>
        ) : null}
        {record.deletedAt ? (
          <Typography variant="body2" color="text.secondary">
            {t('admin.bin.deletedAt', { date: date(record.deletedAt) })}
          </Typography>
        ) : null}
        {restore.error ? (
          <Typography role="alert" color="error" variant="body2">
            {problemMessage(restore.error, t)}
          </Typography>
        ) : null}
      </Box>
      <Button
        variant="outlined"
        loading={restore.isPending}
        onClick={() => restore.mutate()}
        aria-label={t('admin.bin.restoreNamed', { name: title })}
      >
        {t('admin.bin.restore')}
      </Button>
    </ListItem>
  );
}

export function RecycleBinTab() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<Entity>('contact');
  const bin = useRecycleBin(entity);
  return (
    <Section title={t('admin.tabs.bin')}>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('admin.bin.intro')}
      </Typography>
      <Tabs
        value={entity}
        onChange={(_event, value: Entity) => setEntity(value)}
        aria-label={t('admin.fields.entity')}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ mb: 1 }}
      >
        {ENTITIES.map((e) => (
          <Tab key={e} value={e} label={t(`admin.entitiesPlural.${e}`)} />
        ))}
      </Tabs>
      {bin.isPending ? (
        <PageLoader />
      ) : bin.isError ? (
        <ErrorState onRetry={() => void bin.refetch()} />
      ) : bin.data.length ? (
        <List data-testid="recycle-bin">
          {bin.data.map((record) => (
            <DeletedRow key={record.id} entity={entity} record={record} />
          ))}
        </List>
      ) : (
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          {t('admin.bin.empty')}
        </Typography>
      )}
    </Section>
  );
}
