import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import BusinessOutlined from '@mui/icons-material/BusinessOutlined';
import Check from '@mui/icons-material/Check';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Logout from '@mui/icons-material/Logout';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import AppBar from '@mui/material/AppBar';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import { useTheme } from '@mui/material/styles';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Link as RouterLink, useNavigate } from 'react-router';
import { api } from '../api/client';
import { meKey, useMe, useSessionChanged } from '../api/queries';
import type { Locale, Session } from '../api/types';
import { LOCALES } from '../i18n/setup';
import { isAdministrator } from '../modules/admin/access';
import { NotificationsBell } from '../modules/notifications/NotificationsBell';
import { GlobalSearch } from '../modules/search/GlobalSearch';
import { Logo } from '../ui/Brand';
import { problemMessage } from '../ui/errors';
import { isolate } from '../ui/format';
import { PageLoader } from '../ui/PageLoader';
import { ModuleNav } from './ModuleNav';
import { useColorMode } from './prefs';
import type { ColorMode } from './theme';
import { useUpdateSettings } from './useUpdateSettings';

/**
 * The first letter of the name: always part of the button's accessible name (which names the person),
 * as screen-reader and voice-control users need the visible text to be (two initials, such as «مک» for
 * «مریم کریمی», are not).
 */
function initial(name: string): string {
  return (name.trim()[0] ?? '').toUpperCase();
}

function TenantSwitcher({ onError }: { onError: (message: string) => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const start = useTheme().direction === 'rtl' ? 'right' : 'left';
  const switchTenant = useMutation({
    mutationFn: (tenantId: string) => api.post<Session>('/api/v1/auth/switch', { tenantId }),
    onSuccess: async () => {
      await sessionChanged();
      navigate('/');
    },
    onError: () => onError(t('frame.switchFailed')),
  });
  if (!me) return null;
  return (
    <>
      <Button
        color="inherit"
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        aria-label={
          me.tenant ? t('frame.organization', { name: isolate(me.tenant.name) }) : t('frame.noOrganization')
        }
        onClick={(event) => setAnchor(event.currentTarget)}
        startIcon={<BusinessOutlined />}
        endIcon={<ExpandMore />}
        loading={switchTenant.isPending}
        loadingPosition="start"
        sx={{ minWidth: 0, maxWidth: { xs: 170, sm: 320 }, fontWeight: 500 }}
        data-testid="tenant-switcher"
      >
        <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {me.tenant?.name ?? t('frame.noOrganization')}
        </Box>
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: start }}
        transformOrigin={{ vertical: 'top', horizontal: start }}
      >
        <ListSubheader role="presentation">{t('frame.switchOrganization')}</ListSubheader>
        {me.tenants.map((tenant) => {
          const current = tenant.id === me.tenant?.id;
          return (
            <MenuItem
              key={tenant.id}
              role="menuitemradio"
              aria-checked={current}
              selected={current}
              onClick={() => {
                setAnchor(null);
                if (!current) switchTenant.mutate(tenant.id);
              }}
            >
              <ListItemIcon>{current ? <Check fontSize="small" /> : null}</ListItemIcon>
              <ListItemText>{tenant.name}</ListItemText>
            </MenuItem>
          );
        })}
      </Menu>
    </>
  );
}

function UserMenu({ onError }: { onError: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { mode, setMode } = useColorMode();
  const updateSettings = useUpdateSettings();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  // The menu hangs from the avatar toward the page: its inline-end edge lines up with the button's.
  const end = useTheme().direction === 'rtl' ? 'left' : 'right';
  const logout = useMutation({
    mutationFn: () => api.post<void>('/api/v1/auth/logout'),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
      navigate('/login', { replace: true });
    },
  });
  if (!me) return null;
  const close = () => setAnchor(null);
  const chooseLanguage = (locale: Locale) => {
    close();
    if (locale === i18n.language) return;
    void i18n.changeLanguage(locale);
    updateSettings.mutate({ locale }, { onError: (failure) => onError(problemMessage(failure, t)) });
  };
  const chooseMode = (next: ColorMode) => {
    close();
    setMode(next);
  };
  return (
    <>
      <IconButton
        aria-label={t('frame.userMenu', { name: me.user.name })}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="user-menu"
      >
        <Avatar
          sx={{ width: 34, height: 34, bgcolor: 'primary.main', color: 'primary.contrastText', fontSize: 15 }}
        >
          {initial(me.user.name)}
        </Avatar>
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: end }}
        transformOrigin={{ vertical: 'top', horizontal: end }}
        slotProps={{ paper: { sx: { minWidth: 240 } } }}
      >
        <Box component="li" role="presentation" sx={{ px: 2, py: 1 }}>
          <Typography sx={{ fontWeight: 600 }}>{me.user.name}</Typography>
          <Typography variant="body2" color="text.secondary" dir="ltr" sx={{ textAlign: 'start' }}>
            {me.user.email}
          </Typography>
        </Box>
        <Divider component="li" />
        <ListSubheader role="presentation">{t('settings.fields.language')}</ListSubheader>
        {LOCALES.map((code) => (
          <MenuItem
            key={code}
            lang={code}
            role="menuitemradio"
            aria-checked={i18n.language === code}
            selected={i18n.language === code}
            onClick={() => chooseLanguage(code)}
          >
            <ListItemIcon>{i18n.language === code ? <Check fontSize="small" /> : null}</ListItemIcon>
            <ListItemText>{t(`language.${code}`)}</ListItemText>
          </MenuItem>
        ))}
        <ListSubheader role="presentation">{t('theme.label')}</ListSubheader>
        {(['light', 'dark'] as const).map((option) => (
          <MenuItem
            key={option}
            role="menuitemradio"
            aria-checked={mode === option}
            selected={mode === option}
            onClick={() => chooseMode(option)}
          >
            <ListItemIcon>{mode === option ? <Check fontSize="small" /> : null}</ListItemIcon>
            <ListItemText>{t(`theme.${option}`)}</ListItemText>
          </MenuItem>
        ))}
        <Divider component="li" />
        <MenuItem component={RouterLink} to="/settings" onClick={close}>
          <ListItemIcon>
            <SettingsOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('frame.settings')}</ListItemText>
        </MenuItem>
        {isAdministrator(me.role?.key) ? (
          <MenuItem component={RouterLink} to="/admin" onClick={close} data-testid="admin-link">
            <ListItemIcon>
              <AdminPanelSettingsOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>{t('admin.menu')}</ListItemText>
          </MenuItem>
        ) : null}
        <MenuItem
          onClick={() => {
            close();
            logout.mutate();
          }}
        >
          <ListItemIcon>
            <Logout fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('frame.logout')}</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}

/** The signed-in app: top bar with organisation switcher and user menu, then the page. */
export default function Frame() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  return (
    <Box sx={{ minHeight: '100dvh', bgcolor: 'background.default' }}>
      <AppBar position="sticky" sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Toolbar sx={{ gap: { xs: 0.5, sm: 1.5 }, px: { xs: 1, sm: 2 } }}>
          <ModuleNav />
          <Link
            component={RouterLink}
            to="/"
            aria-label={t('app.name')}
            underline="none"
            color="inherit"
            sx={{ display: 'flex', alignItems: 'center', gap: 1, flexShrink: 0, px: 0.5 }}
          >
            <Logo size={30} />
            {/* On a phone the logo alone names the app, leaving room for the organisation. */}
            <Typography
              component="span"
              variant="h3"
              sx={{ fontWeight: 700, display: { xs: 'none', sm: 'inline' } }}
            >
              {t('app.name')}
            </Typography>
          </Link>
          <Divider
            orientation="vertical"
            flexItem
            sx={{ mx: 0.5, my: 1.5, display: { xs: 'none', sm: 'block' } }}
          />
          <TenantSwitcher onError={setError} />
          <Box sx={{ flex: 1 }} />
          <GlobalSearch />
          <NotificationsBell />
          <UserMenu onError={setError} />
        </Toolbar>
      </AppBar>
      <Container component="main" maxWidth="lg" sx={{ py: { xs: 2, sm: 4 }, px: { xs: 2, sm: 3 } }}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Container>
      <Snackbar
        open={Boolean(error)}
        autoHideDuration={6000}
        onClose={() => setError(null)}
        message={error}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Box>
  );
}
