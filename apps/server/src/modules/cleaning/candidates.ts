/** The stored duplicate candidates: listing the pairs the actor can see, and dismissing one. */
import { audit } from '../../platform/audit/audit.js';
import { join, raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { conflict, notFound, Problem } from '../../platform/http/problem.js';
import { assertCan, visibleTo } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { type RecordType, TYPES } from './entities.js';
import type { Reason } from './scan.js';

export type CandidateStatus = 'open' | 'dismissed' | 'merged';

interface CandidateRow {
  id: string;
  entity: RecordType;
  score: number;
  reasons: Reason[];
  status: CandidateStatus;
  merge_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
  a_id: string;
  a_title: string;
  a_owner: string | null;
  b_id: string;
  b_title: string;
  b_owner: string | null;
}

const candidateView = (r: CandidateRow) => ({
  id: r.id,
  type: r.entity,
  score: r.score,
  reasons: r.reasons,
  status: r.status,
  records: [
    { id: r.a_id, title: r.a_title, ownerId: r.a_owner },
    { id: r.b_id, title: r.b_title, ownerId: r.b_owner },
  ],
  mergeId: r.merge_id,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type CandidateView = ReturnType<typeof candidateView>;

/** One SELECT of the pairs of one type whose two records the actor can see. */
function pairsOf(ctx: Context, type: RecordType, where: Sql): Sql {
  const info = TYPES[type];
  const title = (alias: string) => raw(info.title.replaceAll('t.', `${alias}.`));
  return sql`SELECT c.id, c.entity, c.score::float8 AS score, c.reasons, c.status, c.merge_id, c.decided_by, c.decided_at,
      c.created_at, c.updated_at, a.id AS a_id, ${title('a')} AS a_title, a.owner_id AS a_owner,
      b.id AS b_id, ${title('b')} AS b_title, b.owner_id AS b_owner
    FROM duplicate_candidates c
    JOIN ${raw(info.table)} a ON a.tenant_id = c.tenant_id AND a.id = c.record_a
    JOIN ${raw(info.table)} b ON b.tenant_id = c.tenant_id AND b.id = c.record_b
    WHERE c.entity = ${type} AND ${visibleTo(ctx.actor, sql`a.owner_id`)} AND ${visibleTo(ctx.actor, sql`b.owner_id`)}
      AND (c.status = 'merged' OR (a.deleted_at IS NULL AND b.deleted_at IS NULL)) AND ${where}`;
}

function decodeCursor(cursor: string): { score: number; id: string } {
  try {
    const [score, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string];
    if (typeof score !== 'number' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { score, id };
  } catch {
    throw new Problem(422, 'Unprocessable Entity', 'Invalid cursor', [
      { path: 'querystring.cursor', message: 'Not a cursor this list gave out', code: 'invalid' },
    ]);
  }
}

export async function listCandidates(
  tx: Transaction,
  ctx: Context,
  input: { type?: RecordType; status: CandidateStatus; limit: number; cursor?: string },
) {
  const types = input.type ? [input.type] : (['contact', 'account', 'lead'] as RecordType[]);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const where = sql`c.status = ${input.status}${
    after
      ? sql` AND (c.score::float8 < ${after.score}::float8 OR (c.score::float8 = ${after.score}::float8 AND c.id > ${after.id}::uuid))`
      : sql``
  }`;
  const { rows } = await tx.query<CandidateRow>(
    sql`SELECT * FROM (${join(
      types.map((t) => pairsOf(ctx, t, where)),
      ' UNION ALL ',
    )}) x ORDER BY score DESC, id LIMIT ${input.limit + 1}`,
  );
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit).map(candidateView);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      more && last ? Buffer.from(JSON.stringify([last.score, last.id])).toString('base64url') : null,
  };
}

async function candidateRow(tx: Transaction, ctx: Context, id: string): Promise<CandidateRow> {
  const { rows: kind } = await tx.query<{ entity: RecordType }>(
    `SELECT entity FROM duplicate_candidates WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const entity = kind[0]?.entity;
  if (!entity) throw notFound('Duplicate pair');
  const { rows } = await tx.query<CandidateRow>(pairsOf(ctx, entity, sql`c.id = ${id}::uuid`));
  if (!rows[0]) throw notFound('Duplicate pair');
  return rows[0];
}

/** Marks a pair as not duplicates: later scans keep it dismissed. Needs update rights on both. */
export async function dismissCandidate(tx: Transaction, ctx: Context, id: string) {
  const row = await candidateRow(tx, ctx, id);
  const teams = await tx.query<{ user_id: string; team_ids: string[] }>(
    `SELECT m.user_id, ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = m.tenant_id AND tm.user_id = m.user_id) AS team_ids
     FROM memberships m WHERE m.user_id = ANY($1::uuid[])`,
    [[row.a_owner, row.b_owner].filter(Boolean)],
  );
  for (const owner of [row.a_owner, row.b_owner])
    assertCan(ctx.actor, 'update', {
      module: 'customers',
      ownerId: owner,
      ownerTeamIds: teams.rows.find((t) => t.user_id === owner)?.team_ids ?? [],
    });
  if (row.status === 'merged') throw conflict('This pair was merged; undo the merge instead');
  await tx.query(
    `UPDATE duplicate_candidates SET status = 'dismissed', decided_by = $2, decided_at = now(), updated_at = now() WHERE id = $1`,
    [id, ctx.actor.userId],
  );
  await audit(tx, ctx, {
    entity: 'duplicate_pair',
    entityId: id,
    action: 'dismiss',
    changes: { status: { before: row.status, after: 'dismissed' } },
  });
  return candidateView(await candidateRow(tx, ctx, id));
}
