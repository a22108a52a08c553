/**
 * Deals (فرصت فروش): an amount expected from an account, owned by a member, moving through the
 * stages of one pipeline. Every move closes the deal's open stage-history row and opens the next, so
 * time in stage and conversion are read from history rather than guessed; moving into the won or lost
 * stage closes the deal (closed_at), and a lost deal names one of the organisation's lost reasons.
 */
import { audit } from '../../platform/audit/audit.js';
import { bulk, join, raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertCurrent } from '../../platform/http/concurrency.js';
import {
  containsNormalised,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { type FieldError, invalid, notFound, Problem } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { assertAssignable, assertRecordAccess, ownerTeamsSql } from '../../platform/permissions/records.js';
import type { Action } from '../../platform/permissions/rights.js';
import { moveToRecycleBin } from '../../platform/recycle-bin/recycle-bin.js';
import { completeTenantSettings, type TenantSettings } from '../../platform/settings/settings.js';
import type { Context } from '../../platform/tenancy/context.js';
import { getAccount } from '../customers/accounts.js';
import { getContact } from '../customers/contacts.js';
import {
  type CustomCheck,
  checkCustom,
  checkRelations,
  customListField,
  type Definitions,
  definitionsOf,
  describeCustomListFields,
  registerCustomFieldTable,
} from '../customers/custom-fields.js';
import { type Priced, priceLines } from '../products/lines.js';
import type { LineInput } from '../products/schemas.js';
import { SALES_MODULE } from './permissions.js';
import { pipelineNamed } from './pipelines.js';
import {
  DEAL_STATUSES,
  type Deal,
  type DealCreate,
  type DealLine,
  type DealPatch,
  type Pipeline,
  type Stage,
  type StageVisit,
} from './schemas.js';

// Names of the account and contacts are shown beside their ids; records in the recycle bin are not.
const COLUMNS = sql`d.id, d.title, d.pipeline_id AS "pipelineId", d.stage_id AS "stageId", s.name AS "stageName",
  s.probability, d.status, d.account_id AS "accountId", a.name AS "accountName",
  COALESCE((SELECT jsonb_agg(jsonb_build_object('contactId', dc.contact_id, 'name', c.display_name, 'role', dc.role)
      ORDER BY dc.created_at, c.display_name)
    FROM deal_contacts dc JOIN contacts c ON c.tenant_id = dc.tenant_id AND c.id = dc.contact_id
    WHERE dc.tenant_id = d.tenant_id AND dc.deal_id = d.id AND c.deleted_at IS NULL), '[]'::jsonb) AS contacts,
  d.owner_id AS "ownerId", trim_scale(d.amount)::text AS amount, d.currency,
  d.expected_close_date AS "expectedCloseDate", d.source, d.description, d.closed_at AS "closedAt",
  d.lost_reason_id AS "lostReasonId", d.lost_note AS "lostNote", d.custom,
  COALESCE((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('productId', l.product_id,
        'description', l.description, 'quantity', trim_scale(l.quantity)::text,
        'unitPrice', trim_scale(l.unit_price)::text,
        'discount', CASE WHEN l.discount_kind IS NOT NULL THEN jsonb_build_object('kind', l.discount_kind,
          'value', trim_scale(l.discount_value)::text) END,
        'taxClassId', l.tax_class_id, 'taxRate', trim_scale(l.tax_rate)::text,
        'net', trim_scale(l.net)::text, 'tax', trim_scale(l.tax)::text, 'total', trim_scale(l.total)::text))
      ORDER BY l.position)
    FROM deal_lines l WHERE l.tenant_id = d.tenant_id AND l.deal_id = d.id), '[]'::jsonb) AS lines,
  d.version, d.created_at AS "createdAt",
  d.updated_at AS "updatedAt", d.created_by AS "createdBy", d.deleted_at AS "deletedAt"`;
const FROM = sql`deals d JOIN pipeline_stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id
  LEFT JOIN accounts a ON a.tenant_id = d.tenant_id AND a.id = d.account_id AND a.deleted_at IS NULL`;

// Deals carry custom field values (definitions: the customers module's, entity `deal`).
registerCustomFieldTable('deal', 'deals');

const dealList = (defs: Definitions): ListResource => ({
  idColumn: sql`d.id`,
  defaultSort: '-createdAt',
  // notNull: the column never holds NULL, so keyset pages start their index scan at the cursor.
  fields: {
    id: { column: sql`d.id`, type: 'uuid', sortable: false },
    title: { column: sql`d.title`, type: 'text', collate: 'und-x-icu', notNull: true },
    pipelineId: { column: sql`d.pipeline_id`, type: 'uuid', references: 'pipeline' },
    stageId: { column: sql`d.stage_id`, type: 'uuid', references: 'stage' },
    status: { column: sql`d.status`, type: 'enum', values: DEAL_STATUSES, notNull: true },
    probability: { column: sql`s.probability`, type: 'number', notNull: true },
    accountId: { column: sql`d.account_id`, type: 'uuid' },
    contactIds: {
      column: sql`ARRAY(SELECT dc.contact_id::text FROM deal_contacts dc WHERE dc.tenant_id = d.tenant_id AND dc.deal_id = d.id)`,
      type: 'text[]',
    },
    ownerId: { column: sql`d.owner_id`, type: 'uuid', references: 'member' },
    amount: { column: sql`d.amount`, type: 'money', notNull: true },
    currency: { column: sql`d.currency`, type: 'text', notNull: true },
    expectedCloseDate: { column: sql`d.expected_close_date`, type: 'date' },
    source: { column: sql`d.source`, type: 'text', collate: 'und-x-icu' },
    closedAt: { column: sql`d.closed_at`, type: 'datetime' },
    lostReasonId: { column: sql`d.lost_reason_id`, type: 'uuid' },
    createdAt: { column: sql`d.created_at`, type: 'datetime', notNull: true },
    updatedAt: { column: sql`d.updated_at`, type: 'datetime', notNull: true },
  },
  search: containsNormalised(sql`d.search_text`),
  customField: customListField(defs, 'd'),
});

// Saved views of the deals list and GET /api/v1/deals/fields check against this same catalogue.
registerList({
  entity: 'deal',
  module: SALES_MODULE,
  resource: async (tx) => dealList(await definitionsOf(tx, 'deal')),
  fields: async (tx) => {
    const defs = await definitionsOf(tx, 'deal');
    return describeCustomListFields(dealList(defs), defs);
  },
});

export async function listDeals(tx: Transaction, ctx: Context, query: ListQuery & { deleted: boolean }) {
  return runListQuery<Deal>(tx, dealList(await definitionsOf(tx, 'deal')), query, {
    from: FROM,
    select: COLUMNS,
    where: sql`d.tenant_id = ${ctx.actor.tenantId}::uuid AND d.deleted_at IS ${raw(query.deleted ? 'NOT NULL' : 'NULL')}
      AND ${visibleTo(ctx.actor, sql`d.owner_id`)}`,
  });
}

type DealRow = Deal & { owner_team_ids: string[] };

const view = (row: DealRow): Deal => {
  const { owner_team_ids: _, ...deal } = row;
  return deal;
};

/** The deal (with its owner's teams, locked for a write) that the actor may act on: else 403/404. */
async function dealFor(
  tx: Transaction,
  ctx: Context,
  id: string,
  action: Action,
  opts: { deleted?: boolean } = {},
): Promise<DealRow> {
  const { rows } = await tx.query<DealRow>(
    sql`SELECT ${COLUMNS}, ${raw(ownerTeamsSql('d'))} FROM ${FROM} WHERE d.id = ${id}::uuid
        ${action === 'read' ? sql`` : sql`FOR UPDATE OF d`}`,
  );
  const row = rows[0];
  if (!row || (row.deletedAt !== null) !== (opts.deleted ?? false)) throw notFound('Deal');
  assertRecordAccess(
    ctx.actor,
    action,
    SALES_MODULE,
    { ownerId: row.ownerId, ownerTeamIds: row.owner_team_ids },
    'Deal',
  );
  return row;
}

export async function getDeal(tx: Transaction, ctx: Context, id: string): Promise<Deal> {
  return view(await dealFor(tx, ctx, id, 'read'));
}

async function reread(tx: Transaction, id: string): Promise<Deal> {
  const { rows } = await tx.query<DealRow>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = ${id}::uuid`);
  return rows[0] as Deal;
}

/** The stage visits of a deal, oldest first. */
export async function dealHistory(tx: Transaction, ctx: Context, id: string): Promise<StageVisit[]> {
  await dealFor(tx, ctx, id, 'read');
  const { rows } = await tx.query<StageVisit>(
    sql`SELECT h.stage_id AS "stageId", s.name AS "stageName", h.pipeline_id AS "pipelineId",
          h.entered_at AS "enteredAt", h.left_at AS "leftAt", h.moved_by AS "movedBy"
        FROM deal_stage_history h JOIN pipeline_stages s ON s.tenant_id = h.tenant_id AND s.id = h.stage_id
        WHERE h.deal_id = ${id}::uuid ORDER BY h.entered_at, h.id`,
  );
  return rows;
}

// ---- checks shared by create and update ----

/** A referenced customer record the actor may read, else a 422 at `path` (never revealing whose it is). */
async function readable(errors: FieldError[], path: string, what: string, read: () => Promise<unknown>) {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof Problem) || (error.status !== 404 && error.status !== 403)) throw error;
    errors.push({ path, message: `No such ${what}`, code: 'not_found' });
  }
}

async function checkParties(
  tx: Transaction,
  ctx: Context,
  input: { accountId?: string | null | undefined; contacts?: { contactId: string }[] | undefined },
  /** Contacts already on the deal: kept without asking again whether the actor may read them. */
  known: Set<string>,
  errors: FieldError[],
) {
  if (input.accountId)
    await readable(errors, 'accountId', 'account', () => getAccount(tx, ctx, input.accountId as string));
  const seen = new Set<string>();
  for (const [i, c] of (input.contacts ?? []).entries()) {
    if (seen.has(c.contactId))
      errors.push({ path: `contacts.${i}.contactId`, message: 'Named twice', code: 'duplicate' });
    else if (!known.has(c.contactId))
      await readable(errors, `contacts.${i}.contactId`, 'contact', () => getContact(tx, ctx, c.contactId));
    seen.add(c.contactId);
  }
}

/** The stage a deal goes to in this pipeline: the named one (of this pipeline) or the first open one. */
function stageOf(pipeline: Pipeline, stageId: string | undefined, errors: FieldError[]): Stage | undefined {
  if (stageId === undefined) return pipeline.stages.find((s) => s.kind === 'open');
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage)
    errors.push({
      path: 'stageId',
      message: `Not a stage of pipeline "${pipeline.name}"`,
      code: 'not_in_pipeline',
    });
  return stage;
}

/** Lost deals need a reason from the list; others have none. */
async function checkLost(
  tx: Transaction,
  kind: Stage['kind'] | undefined,
  reasonId: string | null | undefined,
  errors: FieldError[],
) {
  if (kind === 'lost') {
    if (!reasonId)
      errors.push({ path: 'lostReasonId', message: 'Say why the deal was lost', code: 'required' });
    else {
      const { rows } = await tx.query(sql`SELECT 1 FROM lost_reasons WHERE id = ${reasonId}::uuid`);
      if (!rows[0]) errors.push({ path: 'lostReasonId', message: 'No such lost reason', code: 'not_found' });
    }
  } else if (reasonId) {
    errors.push({ path: 'lostReasonId', message: 'Only a lost deal has a lost reason', code: 'not_allowed' });
  }
}

/** One 422 listing every field error. */
const fieldsInvalid = (errors: FieldError[]) =>
  invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);

async function writeContacts(
  tx: Transaction,
  ctx: Context,
  dealId: string,
  contacts: DealCreate['contacts'],
) {
  await tx.query(sql`DELETE FROM deal_contacts WHERE deal_id = ${dealId}::uuid`);
  if (!contacts.length) return;
  await tx.query(
    sql`INSERT INTO deal_contacts (tenant_id, deal_id, contact_id, role) VALUES ${bulk(
      contacts.map((c) => [ctx.actor.tenantId, dealId, c.contactId, c.role]),
    )}`,
  );
}

/** Closes the deal's open stage visit (if any) and opens one in `stage`. */
async function enterStage(
  tx: Transaction,
  ctx: Context,
  dealId: string,
  pipelineId: string,
  stageId: string,
) {
  await tx.query(
    sql`UPDATE deal_stage_history SET left_at = now() WHERE deal_id = ${dealId}::uuid AND left_at IS NULL`,
  );
  await tx.query(
    sql`INSERT INTO deal_stage_history (tenant_id, id, deal_id, pipeline_id, stage_id, moved_by)
        VALUES (${ctx.actor.tenantId}, ${newId()}, ${dealId}, ${pipelineId}, ${stageId}, ${ctx.actor.userId})`,
  );
}

const closedAt = (kind: Stage['kind']): Sql => (kind === 'open' ? sql`NULL` : sql`now()`);

async function tenantSettings(tx: Transaction): Promise<TenantSettings> {
  const { rows } = await tx.query<{ settings: Partial<TenantSettings> }>(sql`SELECT settings FROM tenants`);
  return completeTenantSettings(rows[0]?.settings ?? {});
}

const computedAmount: FieldError = {
  path: 'amount',
  message: 'A deal with lines has their total as its amount; change the lines instead',
  code: 'computed_from_lines',
};

/**
 * The deal's lines priced as billing prices a document's (products/lines.ts): for the deal's account
 * in its currency, totalled by packages/billing. Throws the 422 of every error so far and the lines'.
 */
function priceDealLines(
  tx: Transaction,
  ctx: Context,
  lines: LineInput[],
  deal: { accountId: string | null; currency: string },
  settings: TenantSettings,
  errors: FieldError[],
): Promise<Priced> {
  return priceLines(
    tx,
    ctx,
    lines,
    { ...deal, locale: settings.locale, discount: null, rounding: 'half_up' },
    errors,
  );
}

/** The stored lines as input again (their own unit prices), to re-price them in another currency. */
const asInput = (lines: DealLine[]): LineInput[] =>
  lines.map(({ taxRate: _r, net: _n, tax: _t, total: _total, ...input }) => input);

async function writeLines(tx: Transaction, ctx: Context, dealId: string, priced: Priced | null) {
  await tx.query(sql`DELETE FROM deal_lines WHERE deal_id = ${dealId}::uuid`);
  if (!priced?.lines.length) return;
  await tx.query(
    sql`INSERT INTO deal_lines (tenant_id, deal_id, position, product_id, description, quantity, unit_price,
          discount_kind, discount_value, tax_class_id, tax_rate, net, tax, total)
        VALUES ${bulk(
          priced.lines.map((l, i) => {
            const t = priced.totals.lines[i];
            return [
              ctx.actor.tenantId,
              dealId,
              i,
              l.productId,
              l.description,
              l.quantity,
              l.unitPrice,
              l.discount?.kind ?? null,
              l.discount?.value ?? null,
              l.taxClassId,
              l.taxRate,
              t?.net,
              t?.tax,
              t?.total,
            ];
          }),
        )}`,
  );
}

const event = (d: Deal) => ({
  dealId: d.id,
  ownerId: d.ownerId,
  pipelineId: d.pipelineId,
  stageId: d.stageId,
});

// ---- writes ----

export async function createDeal(tx: Transaction, ctx: Context, input: DealCreate): Promise<Deal> {
  const errors: FieldError[] = [];
  const pipeline = await pipelineNamed(tx, input.pipelineId, errors);
  const stage = pipeline && stageOf(pipeline, input.stageId, errors);
  await checkLost(tx, stage?.kind, input.lostReasonId, errors);
  await checkParties(tx, ctx, input, new Set(), errors);
  const check: CustomCheck = { errors, relations: [] };
  const custom = checkCustom(await definitionsOf(tx, 'deal'), input.custom, undefined, '', check);
  await checkRelations(tx, check);
  const settings = await tenantSettings(tx);
  const currency = input.currency ?? settings.currency;
  if (input.lines.length && input.amount !== undefined) errors.push(computedAmount);
  const priced = input.lines.length
    ? await priceDealLines(
        tx,
        ctx,
        input.lines,
        { accountId: input.accountId ?? null, currency },
        settings,
        errors,
      )
    : null;
  if (errors.length || !pipeline || !stage) throw fieldsInvalid(errors);
  const ownerId = input.ownerId ?? ctx.actor.userId;
  await assertAssignable(tx, ctx.actor, 'create', SALES_MODULE, ownerId, 'ownerId');
  const id = newId();
  const amount = priced ? priced.totals.total : (input.amount ?? '0');
  await tx.query(
    sql`INSERT INTO deals (tenant_id, id, title, pipeline_id, stage_id, status, account_id, owner_id, amount, currency,
          expected_close_date, source, description, closed_at, lost_reason_id, lost_note, custom, created_by)
        VALUES (${ctx.actor.tenantId}, ${id}, ${input.title}, ${pipeline.id}, ${stage.id}, ${stage.kind},
          ${input.accountId ?? null}, ${ownerId}, ${amount}::numeric, ${currency},
          ${input.expectedCloseDate ?? null}::date, ${input.source || null}, ${input.description ?? null},
          ${closedAt(stage.kind)}, ${stage.kind === 'lost' ? (input.lostReasonId ?? null) : null},
          ${stage.kind === 'lost' ? input.lostNote || null : null}, ${JSON.stringify(custom)}::jsonb,
          ${ctx.actor.userId})`,
  );
  await writeContacts(tx, ctx, id, input.contacts);
  await writeLines(tx, ctx, id, priced);
  await enterStage(tx, ctx, id, pipeline.id, stage.id);
  const after = await reread(tx, id);
  await audit(tx, ctx, { entity: 'deal', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'deal.created', event(after));
  if (stage.kind !== 'open') await emit(tx, ctx, `deal.${stage.kind}`, event(after));
  return after;
}

const SIMPLE = [
  ['title', 'title'],
  ['accountId', 'account_id'],
  ['currency', 'currency'],
  ['expectedCloseDate', 'expected_close_date'],
  ['source', 'source'],
  ['description', 'description'],
] as const;

export async function updateDeal(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: DealPatch,
  version?: number,
): Promise<Deal> {
  const row = await dealFor(tx, ctx, id, 'update');
  await assertCurrent(tx, version, row.version, 'This deal', { entity: 'deal', id });
  const before = view(row);
  const errors: FieldError[] = [];
  const columns: Sql[] = [];
  for (const [key, column] of SIMPLE)
    if (patch[key] !== undefined)
      columns.push(sql`${raw(column)} = ${patch[key] === '' ? null : patch[key]}`);
  if (patch.amount !== undefined) columns.push(sql`amount = ${patch.amount}::numeric`);

  const moving =
    (patch.pipelineId !== undefined && patch.pipelineId !== row.pipelineId) ||
    (patch.stageId !== undefined && patch.stageId !== row.stageId);
  if (patch.pipelineId !== undefined && patch.pipelineId !== row.pipelineId && patch.stageId === undefined)
    errors.push({ path: 'stageId', message: 'Name the stage in the new pipeline', code: 'required' });
  const pipeline = await pipelineNamed(tx, patch.pipelineId ?? row.pipelineId, errors);
  const stage = pipeline && stageOf(pipeline, patch.stageId ?? row.stageId, errors);
  // A lost deal keeps its reason unless the patch changes it; moving out of lost drops it.
  const reasonId =
    stage?.kind === 'lost'
      ? patch.lostReasonId !== undefined
        ? patch.lostReasonId
        : row.lostReasonId
      : patch.lostReasonId;
  await checkLost(tx, stage?.kind, reasonId, errors);
  await checkParties(
    tx,
    ctx,
    { accountId: patch.accountId !== row.accountId ? patch.accountId : undefined, contacts: patch.contacts },
    new Set(row.contacts.map((c) => c.contactId)),
    errors,
  );
  if (patch.custom !== undefined) {
    const check: CustomCheck = { errors, relations: [] };
    const custom = checkCustom(await definitionsOf(tx, 'deal'), patch.custom, row.custom, '', check);
    await checkRelations(tx, check);
    columns.push(sql`custom = ${JSON.stringify(custom)}::jsonb`);
  }
  // New lines, or the stored ones re-priced when the currency changes (their products must be in it).
  const currency = patch.currency ?? row.currency;
  const lines =
    patch.lines ?? (currency !== row.currency && row.lines.length ? asInput(row.lines) : undefined);
  if (patch.amount !== undefined && (lines ?? row.lines).length) errors.push(computedAmount);
  const priced = lines?.length
    ? await priceDealLines(
        tx,
        ctx,
        lines,
        { accountId: patch.accountId !== undefined ? patch.accountId : row.accountId, currency },
        await tenantSettings(tx),
        errors,
      )
    : null;
  if (priced) columns.push(sql`amount = ${priced.totals.total}::numeric`);
  if (errors.length || !pipeline || !stage) throw fieldsInvalid(errors);
  if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId) {
    await assertAssignable(tx, ctx.actor, 'update', SALES_MODULE, patch.ownerId, 'ownerId');
    columns.push(sql`owner_id = ${patch.ownerId}::uuid`);
  }
  if (moving) {
    columns.push(
      sql`pipeline_id = ${pipeline.id}::uuid, stage_id = ${stage.id}::uuid, status = ${stage.kind}`,
    );
    if (stage.kind !== before.status) columns.push(sql`closed_at = ${closedAt(stage.kind)}`);
  }
  columns.push(sql`lost_reason_id = ${stage.kind === 'lost' ? reasonId : null}::uuid`);
  const note = patch.lostNote !== undefined ? patch.lostNote || null : row.lostNote;
  columns.push(sql`lost_note = ${stage.kind === 'lost' ? note : null}`);
  await tx.query(
    sql`UPDATE deals SET ${join(columns, ', ')},
          version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  if (patch.contacts !== undefined) await writeContacts(tx, ctx, id, patch.contacts);
  if (lines !== undefined) await writeLines(tx, ctx, id, priced);
  if (moving) await enterStage(tx, ctx, id, pipeline.id, stage.id);
  const after = await reread(tx, id);
  await audit(tx, ctx, { entity: 'deal', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'deal.updated', event(after));
  if (moving) {
    await emit(tx, ctx, 'deal.stage_changed', { ...event(after), fromStageId: row.stageId });
    if (stage.kind !== 'open' && stage.kind !== before.status)
      await emit(tx, ctx, `deal.${stage.kind}`, event(after));
  }
  return after;
}

/** Soft delete: the deal goes to the recycle bin with its history and contacts. */
export async function deleteDeal(tx: Transaction, ctx: Context, id: string, version?: number) {
  const row = await dealFor(tx, ctx, id, 'delete');
  await assertCurrent(tx, version, row.version, 'This deal', { entity: 'deal', id });
  await moveToRecycleBin(tx, ctx, {
    table: 'deals',
    entity: 'deal',
    id,
    before: view(row),
    event: event(row),
  });
}

export async function restoreDeal(
  tx: Transaction,
  ctx: Context,
  id: string,
  version?: number,
): Promise<Deal> {
  const row = await dealFor(tx, ctx, id, 'delete', { deleted: true });
  await assertCurrent(tx, version, row.version, 'This deal', { entity: 'deal', id });
  await tx.query(
    sql`UPDATE deals SET deleted_at = NULL, version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  const after = await reread(tx, id);
  await audit(tx, ctx, { entity: 'deal', entityId: id, action: 'restore', before: view(row), after });
  await emit(tx, ctx, 'deal.restored', event(after));
  return after;
}
