import NotificationsOutlined from '@mui/icons-material/NotificationsOutlined';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { formatDate, formatNumber, isolate } from '../../ui/format';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

const notificationsKey = ['notifications'] as const;

/**
 * The bell: the person's latest notifications (task reminders now, assignments later), unread ones
 * counted on the badge and marked read when opened. Polled every minute while the app is open.
 */
export function NotificationsBell() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const end = useTheme().direction === 'rtl' ? 'left' : 'right';
  const list = useQuery({
    queryKey: notificationsKey,
    queryFn: () => api.get<{ items: Notification[] }>('/api/v1/notifications?limit=20'),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
  const items = list.data?.items ?? [];
  const unread = items.filter((n) => !n.readAt).length;
  const label =
    unread > 0 ? t('notifications.unread', { n: formatNumber(unread, prefs) }) : t('notifications.title');
  return (
    <>
      <IconButton
        aria-label={label}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="notifications"
      >
        <Badge badgeContent={unread > 0 ? formatNumber(unread, prefs) : undefined} color="error">
          <NotificationsOutlined />
        </Badge>
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: end }}
        transformOrigin={{ vertical: 'top', horizontal: end }}
        slotProps={{ paper: { sx: { width: 340, maxWidth: 'calc(100vw - 16px)' } } }}
      >
        <Box component="li" role="presentation" sx={{ px: 2, py: 1 }}>
          <Typography sx={{ fontWeight: 600 }}>{t('notifications.title')}</Typography>
        </Box>
        {items.length === 0 && (
          <Box component="li" role="presentation" sx={{ px: 2, pb: 1.5 }}>
            <Typography color="text.secondary">{t('notifications.empty')}</Typography>
          </Box>
        )}
        {items.map((n) => (
          <MenuItem
            key={n.id}
            onClick={() => {
              if (!n.readAt) markRead.mutate(n.id);
            }}
            sx={{ whiteSpace: 'normal', alignItems: 'flex-start', fontWeight: n.readAt ? 400 : 600 }}
          >
            <ListItemText
              primary={t(`notifications.kind.${n.kind}`, { title: isolate(n.title), defaultValue: n.title })}
              secondary={formatDate(new Date(n.createdAt), prefs, {
                dateStyle: 'medium',
                timeStyle: 'short',
              })}
              slotProps={{ primary: { sx: { fontWeight: 'inherit' } } }}
            />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
