/**
 * Saved views: who sees one (its owner; a team's members; everyone in the organisation; owners and
 * administrators see every shared one), who may change it (its owner, or someone with the views
 * module's admin right for a shared one), and the checks that keep a stored filter, sort and column
 * list valid for the list it belongs to.
 */
import { audit } from '../../platform/audit/audit.js';
import { type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { isListField, listQueryErrors } from '../../platform/http/list-query.js';
import { listResourceOf, mayReadList } from '../../platform/http/list-registry.js';
import { type FieldError, forbidden, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { can } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { VIEWS_MODULE } from './permissions.js';
import type { View, ViewCreate, ViewPatch, Visibility } from './schemas.js';

interface ViewRow {
  id: string;
  entity: string;
  name: string;
  filter: Record<string, unknown> | null;
  sort: string | null;
  q: string | null;
  columns: string[];
  visibility: Visibility;
  team_id: string | null;
  owner_id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = sql`SELECT v.id, v.entity, v.name, v.filter, v.sort, v.q, v.columns, v.visibility, v.team_id,
  v.owner_id, v.version, v.created_at, v.updated_at FROM saved_views v`;

/** Owners and administrators (the module's admin right) moderate shared views. */
const moderates = (ctx: Context) => can(ctx.actor, 'admin', { module: VIEWS_MODULE });

/** Own views need the right to save views; another's shared view needs the admin right. */
function mayEdit(ctx: Context, row: ViewRow): boolean {
  return row.owner_id === ctx.actor.userId
    ? can(ctx.actor, 'create', { module: VIEWS_MODULE })
    : moderates(ctx);
}

const view = (ctx: Context, r: ViewRow): View => ({
  id: r.id,
  entity: r.entity,
  name: r.name,
  filter: r.filter,
  sort: r.sort,
  q: r.q,
  columns: r.columns,
  visibility: r.visibility,
  teamId: r.team_id,
  ownerId: r.owner_id,
  editable: mayEdit(ctx, r),
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Views the actor sees: their own, their teams', the organisation's; moderators every shared one. */
function visible(ctx: Context): Sql {
  const { userId, teamIds } = ctx.actor;
  if (moderates(ctx)) return sql`(v.owner_id = ${userId}::uuid OR v.visibility <> 'private')`;
  return sql`(v.owner_id = ${userId}::uuid OR v.visibility = 'organization'
    OR (v.visibility = 'team' AND v.team_id = ANY(${teamIds}::uuid[])))`;
}

export async function listViews(tx: Transaction, ctx: Context, entity?: string): Promise<View[]> {
  const { rows } = await tx.query<ViewRow>(
    sql`${SELECT} WHERE ${visible(ctx)} AND (${entity ?? null}::text IS NULL OR v.entity = ${entity ?? null})
        ORDER BY v.entity, v.name, v.id`,
  );
  // A view of a list the member may not read (a custom role without that module) is not theirs to see.
  return rows.filter((r) => mayReadList(ctx.actor, r.entity)).map((r) => view(ctx, r));
}

/** A view the actor sees (404 otherwise, like another organisation's), locked for a write. */
async function visibleRow(tx: Transaction, ctx: Context, id: string, lock = false): Promise<ViewRow> {
  const { rows } = await tx.query<ViewRow>(
    sql`${SELECT} WHERE v.id = ${id}::uuid AND ${visible(ctx)}${lock ? sql` FOR UPDATE OF v` : sql``}`,
  );
  if (!rows[0] || !mayReadList(ctx.actor, rows[0].entity)) throw notFound('View');
  return rows[0];
}

export async function getView(tx: Transaction, ctx: Context, id: string): Promise<View> {
  return view(ctx, await visibleRow(tx, ctx, id));
}

interface Stored {
  entity: string;
  name: string;
  filter: Record<string, unknown> | null;
  sort: string | null;
  q: string | null;
  columns: string[];
  visibility: Visibility;
  teamId: string | null;
}

/**
 * Everything wrong with a view as it would be stored, in one 422: the filter and sort as the list would
 * judge them, unknown or repeated columns, the team (required for and only for team views, one of the
 * actor's own unless they moderate), a name the owner already uses for this list.
 */
async function check(tx: Transaction, ctx: Context, v: Stored, ownerId: string, id: string) {
  const resource = await listResourceOf(tx, v.entity);
  const errors: FieldError[] = listQueryErrors(resource, { filter: v.filter ?? undefined, sort: v.sort });
  const seen = new Set<string>();
  v.columns.forEach((column, i) => {
    if (!isListField(resource, column))
      errors.push({ path: `columns.${i}`, message: `Unknown field "${column}"`, code: 'unknown_field' });
    else if (seen.has(column))
      errors.push({ path: `columns.${i}`, message: `"${column}" appears twice`, code: 'duplicate' });
    seen.add(column);
  });
  if (v.visibility === 'team') {
    if (!v.teamId)
      errors.push({ path: 'teamId', message: 'Choose the team to share with', code: 'required' });
    else {
      const { rows } = await tx.query(sql`SELECT 1 FROM teams WHERE id = ${v.teamId}::uuid`);
      if (!rows[0]) errors.push({ path: 'teamId', message: 'No such team', code: 'not_found' });
      else if (!ctx.actor.teamIds.includes(v.teamId) && !moderates(ctx))
        errors.push({ path: 'teamId', message: 'Share only with a team you are in', code: 'not_member' });
    }
  } else if (v.teamId) {
    errors.push({
      path: 'teamId',
      message: 'Only a view shared with a team has a team',
      code: 'not_allowed',
    });
  }
  const { rows: same } = await tx.query(
    sql`SELECT 1 FROM saved_views WHERE owner_id = ${ownerId}::uuid AND entity = ${v.entity} AND name = ${v.name} AND id <> ${id}::uuid`,
  );
  if (same[0])
    errors.push({ path: 'name', message: 'You already have a view with this name', code: 'taken' });
  if (errors.length)
    throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
}

const event = (v: View) => ({ viewId: v.id, entity: v.entity, ownerId: v.ownerId, visibility: v.visibility });

export async function createView(tx: Transaction, ctx: Context, input: ViewCreate): Promise<View> {
  if (!mayReadList(ctx.actor, input.entity)) throw forbidden('You may not read this list');
  const id = newId();
  const stored: Stored = {
    entity: input.entity,
    name: input.name,
    filter: input.filter ?? null,
    sort: input.sort || null,
    q: input.q || null,
    columns: input.columns,
    visibility: input.visibility,
    teamId: input.teamId ?? null,
  };
  await check(tx, ctx, stored, ctx.actor.userId, id);
  await tx.query(
    sql`INSERT INTO saved_views (tenant_id, id, owner_id, entity, name, filter, sort, q, columns, visibility, team_id)
        VALUES (${ctx.actor.tenantId}, ${id}, ${ctx.actor.userId}, ${stored.entity}, ${stored.name},
          ${stored.filter === null ? null : JSON.stringify(stored.filter)}::jsonb, ${stored.sort}, ${stored.q},
          ${stored.columns}::text[], ${stored.visibility}, ${stored.teamId})`,
  );
  const after = await getView(tx, ctx, id);
  await audit(tx, ctx, { entity: 'saved_view', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'saved_view.created', event(after));
  return after;
}

/** The row to change: one the actor sees (else 404) and may edit (else 403), at the version named. */
async function editableRow(tx: Transaction, ctx: Context, id: string, version: number | undefined) {
  const row = await visibleRow(tx, ctx, id, true);
  if (!mayEdit(ctx, row)) throw forbidden('Only its owner or an administrator may change this view');
  assertVersion(version, row.version, 'This view');
  return row;
}

export async function updateView(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: ViewPatch,
  version?: number,
): Promise<View> {
  const row = await editableRow(tx, ctx, id, version);
  const before = view(ctx, row);
  const visibility = patch.visibility ?? row.visibility;
  const stored: Stored = {
    entity: row.entity,
    name: patch.name ?? row.name,
    filter: patch.filter === undefined ? row.filter : patch.filter,
    sort: patch.sort === undefined ? row.sort : patch.sort || null,
    q: patch.q === undefined ? row.q : patch.q || null,
    columns: patch.columns ?? row.columns,
    visibility,
    // Leaving team sharing drops the team unless the patch names one (then it is refused).
    teamId: patch.teamId !== undefined ? patch.teamId : visibility === 'team' ? row.team_id : null,
  };
  await check(tx, ctx, stored, row.owner_id, id);
  await tx.query(
    sql`UPDATE saved_views SET name = ${stored.name},
          filter = ${stored.filter === null ? null : JSON.stringify(stored.filter)}::jsonb, sort = ${stored.sort},
          q = ${stored.q}, columns = ${stored.columns}::text[], visibility = ${stored.visibility},
          team_id = ${stored.teamId}, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  const after = await getView(tx, ctx, id);
  await audit(tx, ctx, { entity: 'saved_view', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'saved_view.updated', event(after));
  return after;
}

export async function deleteView(tx: Transaction, ctx: Context, id: string, version?: number): Promise<void> {
  const row = await editableRow(tx, ctx, id, version);
  const before = view(ctx, row);
  await tx.query(sql`DELETE FROM saved_views WHERE id = ${id}::uuid`);
  await audit(tx, ctx, { entity: 'saved_view', entityId: id, action: 'delete', before });
  await emit(tx, ctx, 'saved_view.deleted', event(before));
}
