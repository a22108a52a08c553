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
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { type ReactElement, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate, isolate, localizeDigits } from '../../ui/format';
import { useOnVisible } from '../../ui/useOnVisible';
import { CHANNELS, type ListPage, type TimelineEntry, type TimelineFilter, useTimeline } from './api';

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
  const prefs = useFormatPrefs();
  // The record's own text, in the user's digits like every other number on the screen.
  const own = (text: string) => isolate(localizeDigits(text, prefs.digits));
  return (entry: TimelineEntry): string => {
    if (entry.kind === 'interaction') {
      const channel = t(`customers.channel.${String(entry.data.channel)}`);
      const direction = t(`customers.direction.${String(entry.data.direction)}`);
      return entry.data.channel === entry.title
        ? `${channel} · ${direction}`
        : `${channel} · ${direction} — ${own(entry.title)}`;
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
    return kind ? `${kind} — ${own(entry.title)}` : own(entry.title);
  };
}

const KINDS = ['interaction', 'note', 'task', 'phase_change', 'attachment', 'audit'] as const;

/** Chips that each switch one value of a filter on and off; none on means everything. */
function FilterChips({
  label,
  values,
  chosen,
  name,
  onChange,
}: {
  label: string;
  values: readonly string[];
  chosen: string[];
  name: (value: string) => string;
  onChange: (chosen: string[]) => void;
}) {
  return (
    <Box role="group" aria-label={label} sx={{ display: 'flex', gap: 0.75, flexWrap: 'wrap' }}>
      {values.map((value) => {
        const on = chosen.includes(value);
        return (
          <Chip
            key={value}
            size="small"
            label={name(value)}
            color={on ? 'primary' : 'default'}
            variant={on ? 'filled' : 'outlined'}
            aria-pressed={on}
            onClick={() => onChange(on ? chosen.filter((v) => v !== value) : [...chosen, value])}
          />
        );
      })}
    </Box>
  );
}

/**
 * The merged timeline, newest first: the first page came with the 360 view; the next loads when the end
 * of the list comes into view (or with "show more"). Chips narrow it to kinds of entry and, for
 * interactions, to channels — the server filters, so paging stays exact.
 */
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
  const [filter, setFilter] = useState<TimelineFilter>({ kinds: [], channels: [] });
  const filtered = filter.kinds.length > 0 || filter.channels.length > 0;
  const more = useTimeline(entity, id, filter, first);
  const label = useEntryLabel();
  const loaded = more.data?.pages.flatMap((p) => p.items) ?? [];
  const entries = filtered ? loaded : [...first.items, ...loaded];
  const canLoadMore = more.hasNextPage || (!filtered && first.nextCursor !== null && !more.data);
  const loadMore = useCallback(() => {
    if (more.isFetching) return;
    void (more.data ? more.fetchNextPage() : more.refetch());
  }, [more]);
  const end = useRef<HTMLDivElement>(null);
  useOnVisible(end, loadMore, canLoadMore && !more.isFetching);
  const showChannels = filter.kinds.length === 0 || filter.kinds.includes('interaction');
  return (
    <Box>
      <Box sx={{ display: 'grid', gap: 1, mb: 1 }}>
        <FilterChips
          label={t('customers.timeline.filter.kinds')}
          values={KINDS}
          chosen={filter.kinds}
          name={(kind) => t(`customers.timeline.filter.${kind}`)}
          onChange={(kinds) =>
            setFilter((f) => ({
              kinds,
              // Channels only narrow interactions: they go when interactions are no longer shown.
              channels: kinds.length === 0 || kinds.includes('interaction') ? f.channels : [],
            }))
          }
        />
        {showChannels && (
          <FilterChips
            label={t('customers.timeline.filter.channels')}
            values={CHANNELS}
            chosen={filter.channels}
            name={(channel) => t(`customers.channel.${channel}`)}
            onChange={(channels) => setFilter((f) => ({ ...f, channels }))}
          />
        )}
      </Box>
      {more.isError && <ErrorState onRetry={() => void more.refetch()} />}
      {!entries.length && !more.isFetching && (
        <Typography color="text.secondary">
          {filtered ? t('customers.timeline.filter.none') : t('customers.timeline.empty')}
        </Typography>
      )}
      <List
        dense
        data-testid="timeline"
        aria-label={t('customers.timeline.title')}
        aria-busy={more.isFetching}
      >
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
      <div ref={end} />
      {canLoadMore && (
        <Button onClick={loadMore} loading={more.isFetching}>
          {t('customers.timeline.more')}
        </Button>
      )}
    </Box>
  );
}
