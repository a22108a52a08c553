import PaperclipOutlined from '@mui/icons-material/AttachFileOutlined';
import CallOutlined from '@mui/icons-material/CallOutlined';
import ChecklistOutlined from '@mui/icons-material/ChecklistOutlined';
import EventOutlined from '@mui/icons-material/EventOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import MailOutlined from '@mui/icons-material/MailOutlined';
import NoteOutlined from '@mui/icons-material/NoteOutlined';
import SmsOutlined from '@mui/icons-material/SmsOutlined';
import SwapHoriz from '@mui/icons-material/SwapHoriz';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { formatDate, isolate, localizeDigits } from '../../ui/format';
import { type ListPage, type TimelineEntry, useTimeline } from './api';

const CHANNEL_ICONS: Record<string, ReactElement> = {
  call: <CallOutlined />,
  email: <MailOutlined />,
  sms: <SmsOutlined />,
  meeting: <EventOutlined />,
};

function iconOf(entry: TimelineEntry): ReactElement {
  if (entry.kind === 'interaction') return CHANNEL_ICONS[String(entry.data.channel)] ?? <HistoryOutlined />;
  if (entry.kind === 'note') return <NoteOutlined />;
  if (entry.kind === 'task') return <ChecklistOutlined />;
  if (entry.kind === 'attachment') return <PaperclipOutlined />;
  if (entry.kind === 'phase_change') return <SwapHoriz />;
  return <HistoryOutlined />;
}

/** What the entry is, in the UI language (the server's title is the record's own text). */
function useEntryLabel() {
  const { t } = useTranslation();
  return (entry: TimelineEntry): string => {
    if (entry.kind === 'interaction') {
      const channel = t(`customers.channel.${String(entry.data.channel)}`);
      const direction = t(`customers.direction.${String(entry.data.direction)}`);
      return entry.data.channel === entry.title
        ? `${channel} · ${direction}`
        : `${channel} · ${direction} — ${isolate(entry.title)}`;
    }
    if (entry.kind === 'phase_change') {
      const to = entry.data.toPhase ? t(`customers.phase.${String(entry.data.toPhase)}`) : entry.title;
      return t('customers.timeline.phaseChange', { phase: to });
    }
    if (entry.kind === 'audit') {
      const action = String(entry.data.action);
      return t('customers.timeline.audit', {
        action: t(`customers.timeline.auditAction.${action}`, { defaultValue: action }),
        actor: isolate(String(entry.data.actorName ?? t('customers.timeline.system'))),
      });
    }
    const kind = t(`customers.timeline.kind.${entry.kind}`, { defaultValue: '' });
    return kind ? `${kind} — ${isolate(entry.title)}` : entry.title;
  };
}

/** The merged timeline, newest first: the first page came with the 360 view; more load on demand. */
export function Timeline({
  entity,
  id,
  first,
}: {
  entity: 'contact' | 'account';
  id: string;
  first: ListPage<TimelineEntry>;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const more = useTimeline(entity, id, first.nextCursor);
  const label = useEntryLabel();
  const entries = [...first.items, ...(more.data?.pages.flatMap((p) => p.items) ?? [])];
  if (!entries.length) return <Typography color="text.secondary">{t('customers.timeline.empty')}</Typography>;
  const canLoadMore = first.nextCursor !== null && (more.hasNextPage || !more.data);
  return (
    <Box>
      <List dense data-testid="timeline" aria-label={t('customers.timeline.title')}>
        {entries.map((entry) => (
          <ListItem key={`${entry.kind}:${entry.id}`} alignItems="flex-start" disableGutters>
            <ListItemIcon sx={{ minWidth: 40, mt: 0.5 }} aria-hidden="true">
              {iconOf(entry)}
            </ListItemIcon>
            <ListItemText
              primary={label(entry)}
              secondary={
                <>
                  <Box component="span" sx={{ display: 'block' }}>
                    {formatDate(new Date(entry.at), prefs, { dateStyle: 'medium', timeStyle: 'short' })}
                  </Box>
                  {entry.summary && entry.kind !== 'audit' && (
                    <Box
                      component="span"
                      dir="auto"
                      sx={{ display: 'block', whiteSpace: 'pre-line', textAlign: 'start' }}
                    >
                      {localizeDigits(entry.summary, prefs.digits)}
                    </Box>
                  )}
                </>
              }
            />
          </ListItem>
        ))}
      </List>
      {canLoadMore && (
        <Button
          onClick={() => void (more.data ? more.fetchNextPage() : more.refetch())}
          loading={more.isFetching}
        >
          {t('customers.timeline.more')}
        </Button>
      )}
    </Box>
  );
}
