// What a server-paged list (customers, tasks…) can be filtered, sorted and shown by, as the server
// describes it (GET /api/v1/<plural>/fields), the filter the builder edits, and saved views (/api/v1/views).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';

/**
 * A list as the server names it: `entity` is what saved views store ('contact', 'task'), `plural` its path
 * (/api/v1/<plural>).
 */
export interface ListName {
  entity: string;
  plural: string;
}

export type FieldType =
  | 'text'
  | 'number'
  | 'money'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'uuid'
  | 'enum'
  | 'text[]';
export type ServerOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains' | 'starts' | 'empty';

export interface CustomOption {
  value: string;
  labelFa: string;
  labelEn: string;
}

/** What a uuid field names (see references.ts): picked and shown by name. */
export type ReferenceTarget = 'member' | 'pipeline' | 'stage';

export interface ListField {
  name: string;
  type: FieldType;
  sortable: boolean;
  filterable: boolean;
  ops: ServerOp[];
  values?: string[];
  references?: ReferenceTarget;
  custom?: { labelFa: string; labelEn: string; type: string; options: CustomOption[] };
}

export interface Condition {
  field: string;
  op: ServerOp;
  value: unknown;
}
export type Combinator = 'and' | 'or';
export interface Group {
  combinator: Combinator;
  items: Condition[];
}
/** The builder's filter: conditions and groups of conditions (one level) under AND or OR. */
export interface FilterModel {
  combinator: Combinator;
  items: (Condition | Group)[];
}

export const EMPTY_FILTER: FilterModel = { combinator: 'and', items: [] };

export const isGroup = (item: Condition | Group): item is Group => 'items' in item;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function asCondition(node: unknown): Condition | null {
  if (!isObject(node) || typeof node.field !== 'string' || typeof node.op !== 'string' || !('value' in node))
    return null;
  return { field: node.field, op: node.op as ServerOp, value: node.value };
}

function asGroup(node: unknown): { combinator: Combinator; nodes: unknown[] } | null {
  if (!isObject(node)) return null;
  if (Array.isArray(node.and)) return { combinator: 'and', nodes: node.and };
  if (Array.isArray(node.or)) return { combinator: 'or', nodes: node.or };
  return null;
}

/**
 * The server's filter (from the URL or a saved view) as the builder's model; null when it nests
 * deeper than the builder edits (one level of groups) or is not a filter at all.
 */
export function filterModelOf(node: unknown): FilterModel | null {
  if (node === undefined || node === null) return EMPTY_FILTER;
  const single = asCondition(node);
  if (single) return { combinator: 'and', items: [single] };
  const top = asGroup(node);
  if (!top) return null;
  const items: (Condition | Group)[] = [];
  for (const child of top.nodes) {
    const condition = asCondition(child);
    if (condition) {
      items.push(condition);
      continue;
    }
    const group = asGroup(child);
    if (!group) return null;
    const conditions = group.nodes.map(asCondition);
    if (conditions.some((c) => c === null)) return null;
    items.push({ combinator: group.combinator, items: conditions as Condition[] });
  }
  return { combinator: top.combinator, items };
}

/** The model as the server's filter; undefined when there is nothing to filter by. */
export function serverFilterOf(model: FilterModel): Record<string, unknown> | undefined {
  const items = model.items
    .filter((item) => !isGroup(item) || item.items.length > 0)
    .map((item) => (isGroup(item) ? { [item.combinator]: item.items } : item));
  return items.length ? { [model.combinator]: items } : undefined;
}

/** The filter in a URL or a request: compact JSON, or null for none. */
export function filterParam(model: FilterModel): string | null {
  const filter = serverFilterOf(model);
  return filter ? JSON.stringify(filter) : null;
}

export function parseFilterParam(text: string | null): FilterModel | null {
  if (!text) return EMPTY_FILTER;
  try {
    return filterModelOf(JSON.parse(text));
  } catch {
    return null;
  }
}

// ---- operators as people choose them ----

/** `empty` is offered as two choices, "is empty" and "is not empty". */
export type UiOp = Exclude<ServerOp, 'empty'> | 'empty' | 'notEmpty';

/**
 * The operators the builder offers for a field: the server's, except that a date-time is compared
 * with the start of a day in the user's time zone (before / on or after), so the choices stay exact,
 * and `in` is offered for lists of choices only (enums and references).
 */
export function uiOpsOf(field: ListField): UiOp[] {
  const ops: UiOp[] = [];
  for (const op of field.ops) {
    if (op === 'empty') ops.push('empty', 'notEmpty');
    else if (field.type === 'datetime' && op !== 'lt' && op !== 'gte') continue;
    else if (op === 'in' && field.type !== 'enum' && !field.references) continue;
    else ops.push(op);
  }
  return ops;
}

export function uiOpOf(condition: Condition): UiOp {
  if (condition.op === 'empty') return condition.value === false ? 'notEmpty' : 'empty';
  return condition.op;
}

/** A condition for a chosen operator, keeping the value when it still fits. */
export function withUiOp(condition: Condition, op: UiOp): Condition {
  if (op === 'empty' || op === 'notEmpty') return { ...condition, op: 'empty', value: op === 'empty' };
  const wasList = condition.op === 'in';
  const keep = condition.op !== 'empty' && wasList === (op === 'in');
  return { ...condition, op, value: keep ? condition.value : op === 'in' ? [] : null };
}

/** Has the condition a value the server will take (so the filter can be applied)? */
export function isComplete(condition: Condition): boolean {
  const { value } = condition;
  if (condition.op === 'empty') return typeof value === 'boolean';
  if (condition.op === 'in') return Array.isArray(value) && value.length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  return typeof value === 'number' || typeof value === 'boolean';
}

export function modelComplete(model: FilterModel): boolean {
  return model.items.every((item) => (isGroup(item) ? item.items.every(isComplete) : isComplete(item)));
}

// ---- dates ----

/** Minutes the zone is ahead of UTC at a moment. */
function offsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The moment a day (YYYY-MM-DD) starts in a time zone, as ISO 8601 with that zone's offset, e.g.
 * '2026-03-21T00:00:00+03:30': what a date-time field is compared with when a person picks a day.
 * Its first ten characters are the day again.
 */
export function dayStartIn(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d);
  const first = offsetMinutes(timeZone, midnight);
  const offset = offsetMinutes(timeZone, midnight - first * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${day}T00:00:00${sign}${hh}:${mm}`;
}

// ---- labels ----

/** Fields the lists show and filter by: those with a name in the catalogues, and custom fields. */
export function useFieldLabel() {
  const { t, i18n } = useTranslation();
  return (field: Pick<ListField, 'name' | 'custom'>): string | null => {
    if (field.custom)
      return i18n.language === 'fa' ? field.custom.labelFa : field.custom.labelEn || field.custom.labelFa;
    const key = `lists.fields.${field.name}`;
    return i18n.exists(key) ? t(`lists.fields.${field.name}`) : null;
  };
}

/** The label of one choice of an enum field: a custom field's option, or a built-in value's name. */
export function useValueLabel() {
  const { t, i18n } = useTranslation();
  return (field: ListField, value: string): string => {
    const option = field.custom?.options.find((o) => o.value === value);
    if (option) return i18n.language === 'fa' ? option.labelFa : option.labelEn || option.labelFa;
    const key = `lists.values.${field.name}.${value}`;
    return i18n.exists(key) ? t(`lists.values.${field.name}.${value}`) : value;
  };
}

// ---- server ----

export const listKeys = {
  fields: (entity: string) => ['lists', entity, 'fields'] as const,
  views: (entity: string) => ['views', entity] as const,
};

/** The list's fields, custom ones included (changes rarely: kept for a minute). */
export function useListFields({ entity, plural }: ListName) {
  return useQuery({
    queryKey: listKeys.fields(entity),
    queryFn: async () => (await api.get<{ items: ListField[] }>(`/api/v1/${plural}/fields`)).items,
    staleTime: 60_000,
  });
}

export type Visibility = 'private' | 'team' | 'organization';

export interface SavedView {
  id: string;
  entity: string;
  name: string;
  filter: Record<string, unknown> | null;
  sort: string | null;
  q: string | null;
  columns: string[];
  visibility: Visibility;
  teamId: string | null;
  ownerId: string;
  editable: boolean;
  version: number;
}

/** What a view keeps of the list: the same shape the server stores. */
export interface ViewState {
  filter: Record<string, unknown> | null;
  sort: string | null;
  q: string | null;
  columns: string[];
}

export function useViews(entity: string) {
  return useQuery({
    queryKey: listKeys.views(entity),
    queryFn: async () => (await api.get<{ items: SavedView[] }>(`/api/v1/views?entity=${entity}`)).items,
  });
}

export function useSaveView(entity: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ViewState & { name: string; visibility: Visibility; teamId: string | null }) =>
      api.post<SavedView>('/api/v1/views', { entity, ...body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKeys.views(entity) }),
  });
}

export function useUpdateView(entity: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKeys.views(entity) });
  return useMutation({
    mutationFn: ({ view, state }: { view: SavedView; state: ViewState }) =>
      api.patchVersion<SavedView>(`/api/v1/views/${view.id}`, state, view.version),
    onSuccess: refresh,
    // Someone else saved first (409 on If-Match): load their version so the next try starts from it.
    onError: (error) => (isApiError(error, 409) ? refresh() : undefined),
  });
}

export function useDeleteView(entity: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (view: SavedView) => api.deleteVersion(`/api/v1/views/${view.id}`, view.version),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKeys.views(entity) }),
  });
}

/** The teams the user is in: those a view can be shared with. */
export function useMyTeams(userId: string | undefined) {
  return useQuery({
    queryKey: ['teams', 'mine', userId],
    enabled: userId !== undefined,
    queryFn: async () =>
      (
        await api.get<{ items: { id: string; name: string; memberIds: string[] }[] }>('/api/v1/teams')
      ).items.filter((team) => userId !== undefined && team.memberIds.includes(userId)),
  });
}
