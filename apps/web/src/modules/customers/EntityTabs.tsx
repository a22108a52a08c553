import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useTranslation } from 'react-i18next';
import { ENTITIES, type Entity } from './api';

/** Contacts / organisations / leads tabs heading the customer screens. */
export function EntityTabs({ value, onChange }: { value: Entity; onChange: (entity: Entity) => void }) {
  const { t } = useTranslation();
  return (
    <Tabs
      value={value}
      onChange={(_event, next: Entity) => onChange(next)}
      aria-label={t('customers.types')}
      variant="scrollable"
      allowScrollButtonsMobile
      sx={{ mb: 2 }}
    >
      {ENTITIES.map((e) => (
        <Tab key={e} value={e} label={t(`customers.plural.${e}`)} />
      ))}
    </Tabs>
  );
}
