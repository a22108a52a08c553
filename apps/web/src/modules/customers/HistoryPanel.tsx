import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { type FormatPrefs, formatDate, formatNumber, isolate, localizeDigits } from '../../ui/format';
import { customerKeys, type ListPage, PLURAL, type TimelineEntry } from './api';

type Changes = Record<string, { before: unknown; after: unknown }>;

const PER_PAGE = 10;
/** Fields derived from others (shown through them) or kept by the system, left out of the list. */
const DERIVED = new Set([
  'id',
  'displayName',
  'email',
  'phone',
  'accountId',
  'createdAt',
  'createdBy',
  'deletedAt',
]);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stored value as a person reads it: dates in the user's calendar, digits in theirs, lists joined. */
function readable(value: unknown, prefs: FormatPrefs, t: TFunction): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return formatNumber(value, prefs);
  if (typeof value === 'boolean') return value ? t('customers.history.yes') : t('customers.history.no');
  if (typeof value === 'string') {
    if (INSTANT.test(value) && !Number.isNaN(Date.parse(value)))
      return formatDate(new Date(value), prefs, { dateStyle: 'medium', timeStyle: 'short' });
    if (UUID.test(value)) return t('customers.history.anotherRecord');
    return isolate(localizeDigits(value, prefs.digits));
  }
  if (Array.isArray(value)) {
    if (!value.length) return '—';
    return value
      .map((item) =>
        item && typeof item === 'object' && 'value' in item
          ? readable((item as { value: unknown }).value, prefs, t)
          : item && typeof item === 'object' && 'name' in item
            ? readable((item as { name: unknown }).name, prefs, t)
            : readable(item, prefs, t),
      )
      .join(t('customers.history.separator'));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length
    ? entries
        .map(([k, v]) => `${isolate(k)}: ${readable(v, prefs, t)}`)
        .join(t('customers.history.separator'))
    : '—';
}

/**
 * The record's own audit history, newest first: who changed which field from what to what, and when
 * (the timeline's `audit` entries, which anyone who may read the record sees). Paged.
 */
export function HistoryPanel({ entity, id }: { entity: 'contact' | 'account'; id: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const history = useInfiniteQuery({
    queryKey: [...customerKeys.view(entity, id), 'history'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ kinds: 'audit', limit: String(PER_PAGE) });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<ListPage<TimelineEntry>>(`/api/v1/${PLURAL[entity]}/${id}/timeline?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const fieldName = (key: string) =>
    t(`customers.fields.${key}`, {
      defaultValue: t(`customers.history.field.${key}`, { defaultValue: key }),
    });
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="history-title">
      <Typography variant="h2" id="history-title" sx={{ mb: 1 }}>
        {t('customers.history.title')}
      </Typography>
      {history.isError && <ErrorState onRetry={() => void history.refetch()} />}
      {history.isSuccess && entries.length === 0 && (
        <Typography color="text.secondary">{t('customers.history.none')}</Typography>
      )}
      <List dense disablePadding data-testid="history">
        {entries.map((entry) => {
          const action = String(entry.data.action);
          const changes = Object.entries((entry.data.changes ?? {}) as Changes).filter(
            ([key]) => !DERIVED.has(key),
          );
          return (
            <ListItem
              key={entry.id}
              disableGutters
              sx={{ display: 'block', py: 1, borderBottom: 1, borderColor: 'divider' }}
            >
              <Typography sx={{ fontWeight: 600 }}>
                {t('customers.timeline.audit', {
                  actor: isolate(String(entry.data.actorName ?? t('customers.timeline.system'))),
                  action: t(`customers.timeline.auditAction.${action}`, { defaultValue: action }),
                })}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {formatDate(new Date(entry.at), prefs, { dateStyle: 'medium', timeStyle: 'short' })}
              </Typography>
              {/* A new record's every field is "added": its facts are on the page already. */}
              {action !== 'create' && changes.length > 0 && (
                <Box component="ul" sx={{ m: 0, mt: 0.5, ps: 2.5 }}>
                  {changes.map(([key, change]) => (
                    <Typography component="li" variant="body2" key={key} sx={{ overflowWrap: 'anywhere' }}>
                      {t('customers.history.change', {
                        field: fieldName(key),
                        before: readable(change.before, prefs, t),
                        after: readable(change.after, prefs, t),
                      })}
                    </Typography>
                  ))}
                </Box>
              )}
            </ListItem>
          );
        })}
      </List>
      {history.hasNextPage && (
        <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t('customers.board.more')}
        </Button>
      )}
    </Paper>
  );
}
