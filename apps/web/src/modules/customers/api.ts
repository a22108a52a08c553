// The customers API as the screens use it: records, the 360 view, timeline, interactions, phases and
// attachments. Shapes follow apps/server (customers, relationships, interactions, attachments modules).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const ENTITIES = ['contact', 'account', 'lead'] as const;
export type Entity = (typeof ENTITIES)[number];
export const PLURAL: Record<Entity, string> = { contact: 'contacts', account: 'accounts', lead: 'leads' };
/** The record type a `?type=` parameter names; contacts when it names none. */
export function entityOf(param: string | null): Entity {
  return (ENTITIES as readonly string[]).includes(param ?? '') ? (param as Entity) : 'contact';
}

export const PHASES = ['awareness', 'exploration', 'expansion', 'commitment', 'dissolution'] as const;
export type Phase = (typeof PHASES)[number];
export const SUB_STAGES = [
  'attraction',
  'communication_bargaining',
  'power_exercise',
  'norms',
  'expectations',
] as const;
export type SubStage = (typeof SUB_STAGES)[number];
export const ENDED_BY = ['customer', 'us', 'mutual'] as const;
export type EndedBy = (typeof ENDED_BY)[number];

/**
 * The phases a relationship may move to from where it is, as the server's checkTransition allows
 * (apps/server/src/modules/relationships/phases.ts): nothing to dissolve before a first phase, and
 * after dissolution it starts again at awareness or exploration. The current phase is left out.
 */
export function phaseTargets(from: Phase | null): Phase[] {
  if (from === null) return PHASES.filter((p) => p !== 'dissolution');
  if (from === 'dissolution') return ['awareness', 'exploration'];
  return PHASES.filter((p) => p !== from);
}

/** The relationship state of one account or contact, as the phase routes give it. */
export interface RelationshipState {
  phase: Phase | null;
  subStage: SubStage | null;
  since: string | null;
  version: number;
}

/** One card of the board by phase (GET /api/v1/relationships). */
export interface RelationshipItem extends RelationshipState {
  type: 'account' | 'contact';
  id: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
}
export const CHANNELS = [
  'call',
  'meeting',
  'email',
  'sms',
  'in_person',
  'chat',
  'letter',
  'web_form',
  'portal',
  'fax',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface CustomerRecord {
  id: string;
  /** displayName for contacts, name for accounts, fullName (or companyName) for leads. */
  displayName?: string;
  name?: string;
  fullName?: string;
  companyName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email: string | null;
  phone: string | null;
  nationalId?: string | null;
  jobTitle?: string | null;
  city?: string | null;
  status?: string;
  /** A contact's organisations. */
  accounts?: { accountId: string; name: string }[];
  tags: string[];
  /** Custom field values by key. */
  custom?: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export function titleOf(record: CustomerRecord): string {
  return record.displayName ?? record.name ?? (record.fullName || record.companyName || '');
}

export interface TimelineEntry {
  kind: string;
  id: string;
  at: string;
  title: string;
  summary: string | null;
  data: Record<string, unknown>;
}

export interface Customer360 {
  subject: { type: 'account' | 'contact'; id: string; name: string };
  profile: Record<string, unknown>;
  relationship: RelationshipState;
  signals: {
    lastTouchAt: string | null;
    daysSinceLastTouch: number | null;
    trend: 'rising' | 'steady' | 'falling' | 'none';
    reciprocity: number | null;
    last90Days: { total: number; customer: number; us: number };
    suggestion: { phase: Phase; subStage: SubStage | null; reason: string } | null;
  };
  openTasks: { id: string; title: string; dueAt: string | null }[];
  timeline: ListPage<TimelineEntry>;
}

export interface Attachment {
  id: string;
  name: string;
  description: string | null;
  contentType: string;
  size: number;
  preview: 'image' | 'pdf' | null;
  createdAt: string;
}

export const customerKeys = {
  all: ['customers'] as const,
  list: (entity: Entity, q: string) => ['customers', entity, 'list', q] as const,
  view: (entity: Entity, id: string) => ['customers', entity, id] as const,
};

/**
 * One page of a list: `cursor` is the previous page's nextCursor (null for the first page); `sort` is the
 * API's sort ('name', '-createdAt'…), undefined for its default; `filter` the list filter as JSON.
 */
export function useCustomerPage(
  entity: Entity,
  q: string,
  cursor: string | null,
  limit: number,
  sort: string | undefined,
  filter: string | null = null,
) {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter) params.set('filter', filter);
  if (q.trim().length >= 1) params.set('q', q.trim());
  // The count comes with the first page only (see useKnownTotal).
  if (cursor) params.set('cursor', cursor);
  else params.set('total', 'true');
  if (sort) params.set('sort', sort);
  return useQuery({
    queryKey: [...customerKeys.list(entity, q), cursor, limit, sort, filter],
    queryFn: () => api.get<ListPage<CustomerRecord>>(`/api/v1/${PLURAL[entity]}?${params}`),
    placeholderData: (previous) => previous,
  });
}

export function useCreateCustomer(entity: Entity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<CustomerRecord>(`/api/v1/${PLURAL[entity]}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useCustomer360(entity: 'contact' | 'account', id: string) {
  return useQuery({
    queryKey: customerKeys.view(entity, id),
    queryFn: () => api.get<Customer360>(`/api/v1/${PLURAL[entity]}/${id}/360`),
  });
}

/** Which timeline entries to show: entry kinds and interaction channels; empty lists mean all. */
export interface TimelineFilter {
  kinds: string[];
  channels: string[];
}

/**
 * The timeline pages after `first` (the page that came with the 360 view), loaded as the user scrolls;
 * with a filter, every page comes from the timeline endpoint, starting again from the newest.
 */
export function useTimeline(
  entity: 'contact' | 'account',
  id: string,
  filter: TimelineFilter,
  first: ListPage<TimelineEntry>,
) {
  const filtered = filter.kinds.length > 0 || filter.channels.length > 0;
  const start = filtered ? null : first.nextCursor;
  return useInfiniteQuery({
    queryKey: [...customerKeys.view(entity, id), 'timeline', filter, start],
    enabled: filtered || start !== null,
    initialPageParam: start,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '30' });
      if (pageParam) params.set('cursor', pageParam);
      if (filter.kinds.length) params.set('kinds', filter.kinds.join(','));
      if (filter.channels.length) params.set('channels', filter.channels.join(','));
      return api.get<ListPage<TimelineEntry>>(`/api/v1/${PLURAL[entity]}/${id}/timeline?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useAttachments(entity: Entity, id: string) {
  return useQuery({
    queryKey: [...customerKeys.view(entity, id), 'attachments'],
    queryFn: () => api.get<ListPage<Attachment>>(`/api/v1/attachments?${entity}Id=${id}&limit=100`),
  });
}

/** Refreshes everything shown about one customer after a change. */
export function useRefreshCustomer(entity: Entity, id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: customerKeys.view(entity, id) });
}
