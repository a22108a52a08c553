import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { StockList } from './StockList';
import { VendorsTab } from './VendorsTab';
import { WarehousesTab } from './WarehousesTab';

const TABS = ['stock', 'warehouses', 'vendors'] as const;
type TabKey = (typeof TABS)[number];

/** Inventory: stock by warehouse, the warehouses themselves and the vendors, one tab each (kept in the URL). */
export default function InventoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'stock';
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('inventory.title')}
        </Typography>
        <Button component={RouterLink} to="/inventory/movements">
          {t('inventory.movements.title')}
        </Button>
        <Button component={RouterLink} to="/inventory/purchase-orders">
          {t('inventory.orders.title')}
        </Button>
      </Box>
      <Tabs
        value={tab}
        onChange={(_event, value: TabKey) => setParams({ tab: value }, { replace: true })}
        variant="scrollable"
        allowScrollButtonsMobile
        aria-label={t('inventory.title')}
      >
        {TABS.map((key) => (
          <Tab key={key} value={key} label={t(`inventory.tabs.${key}`)} />
        ))}
      </Tabs>
      {tab === 'stock' ? <StockList /> : tab === 'warehouses' ? <WarehousesTab /> : <VendorsTab />}
    </Box>
  );
}
