import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import CalendarMonthOutlined from '@mui/icons-material/CalendarMonthOutlined';
import ChecklistOutlined from '@mui/icons-material/ChecklistOutlined';
import CleaningServicesOutlined from '@mui/icons-material/CleaningServicesOutlined';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import Inventory2Outlined from '@mui/icons-material/Inventory2Outlined';
import LocalShippingOutlined from '@mui/icons-material/LocalShippingOutlined';
import MenuIcon from '@mui/icons-material/Menu';
import ReceiptLongOutlined from '@mui/icons-material/ReceiptLongOutlined';
import SwapVertOutlined from '@mui/icons-material/SwapVertOutlined';
import WarehouseOutlined from '@mui/icons-material/WarehouseOutlined';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Typography from '@mui/material/Typography';
import { type ReactElement, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation } from 'react-router';
import { useMe } from '../api/queries';
import { isAdministrator } from '../modules/admin/access';
import { MODULE_ICONS } from '../modules/home/moduleIcons';
import { Logo } from '../ui/Brand';
import { BUILT_MODULES, MODULES } from './modules';

interface Entry {
  to: string;
  label: string;
  icon: ReactElement;
  soon?: boolean;
}

/** Where a path belongs in the menu: the longest entry it starts with. */
function currentEntry(entries: Entry[], path: string): string | undefined {
  return entries
    .filter((e) => (e.to === '/' ? path === '/' : path === e.to || path.startsWith(`${e.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
}

/** The app's navigation by module, opened from the top bar's menu button (a drawer on every width). */
export function ModuleNav() {
  const { t } = useTranslation();
  const me = useMe().data;
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const navId = useId();
  const work: Entry[] = [
    { to: '/', label: t('frame.nav.home'), icon: <HomeOutlined /> },
    { to: '/calendar', label: t('frame.nav.calendar'), icon: <CalendarMonthOutlined /> },
    { to: '/tasks', label: t('frame.nav.tasks'), icon: <ChecklistOutlined /> },
  ];
  const modules: Entry[] = MODULES.map((key) => ({
    to: `/${key}`,
    label: t(`modules.${key}.name`),
    icon: MODULE_ICONS[key],
    soon: !BUILT_MODULES.includes(key),
  }));
  const customers: Entry[] = [
    { to: '/customers/duplicates', label: t('cleaning.title'), icon: <CleaningServicesOutlined /> },
    { to: '/customers/quality', label: t('cleaning.quality.title'), icon: <CleaningServicesOutlined /> },
  ];
  const sales: Entry[] = [
    { to: '/products', label: t('products.title'), icon: <Inventory2Outlined /> },
    { to: '/billing', label: t('billing.title'), icon: <ReceiptLongOutlined /> },
    { to: '/billing/aging', label: t('billing.aging.title'), icon: <ReceiptLongOutlined /> },
    { to: '/inventory', label: t('inventory.title'), icon: <WarehouseOutlined /> },
    { to: '/inventory/movements', label: t('inventory.movements.title'), icon: <SwapVertOutlined /> },
    { to: '/inventory/purchase-orders', label: t('inventory.orders.title'), icon: <LocalShippingOutlined /> },
  ];
  const admin: Entry[] = isAdministrator(me?.role?.key)
    ? [{ to: '/admin', label: t('admin.title'), icon: <AdminPanelSettingsOutlined /> }]
    : [];
  const current = currentEntry([...work, ...modules, ...customers, ...sales, ...admin], pathname);
  const section = (entries: Entry[], title?: string) => (
    <List dense subheader={title ? <ListSubheader component="li">{title}</ListSubheader> : undefined}>
      {entries.map((entry) => (
        <ListItem key={entry.to} disablePadding>
          <ListItemButton
            component={RouterLink}
            to={entry.to}
            selected={entry.to === current}
            aria-current={entry.to === current ? 'page' : undefined}
            onClick={() => setOpen(false)}
          >
            <ListItemIcon>{entry.icon}</ListItemIcon>
            <ListItemText primary={entry.label} />
            {entry.soon && <Chip size="small" variant="outlined" label={t('modules.comingSoon')} />}
          </ListItemButton>
        </ListItem>
      ))}
    </List>
  );
  return (
    <>
      <IconButton
        color="inherit"
        edge="start"
        aria-label={t('frame.nav.open')}
        aria-controls={open ? navId : undefined}
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <MenuIcon />
      </IconButton>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        slotProps={{ paper: { 'aria-label': t('frame.nav.label') } }}
      >
        <Box component="nav" id={navId} aria-label={t('frame.nav.label')} sx={{ width: 280 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, p: 2 }}>
            <Logo size={28} />
            <Typography component="span" variant="h3" sx={{ fontWeight: 700 }}>
              {t('app.name')}
            </Typography>
          </Box>
          <Divider />
          {section(work)}
          <Divider />
          {section(modules, t('frame.nav.modules'))}
          {section(customers, t('modules.customers.name'))}
          {section(sales, t('modules.sales.name'))}
          {admin.length > 0 && (
            <>
              <Divider />
              {section(admin)}
            </>
          )}
        </Box>
      </Drawer>
    </>
  );
}
