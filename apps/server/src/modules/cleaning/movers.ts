/**
 * Merge movers: whatever hangs off a customer record (account memberships, interactions, tasks,
 * notes, deals…) is moved from the merged record to the survivor by the mover its module registers.
 * Each mover returns what it moved (JSON, stored in the merge log) and can put it back on undo.
 */
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import type { Context } from '../../platform/tenancy/context.js';
import type { RecordType } from './entities.js';

export interface MergeMover<R = unknown> {
  /** Unique and stable (stored in merge logs): e.g. 'interactions.contact_id'. */
  key: string;
  /** The type of record being merged. */
  type: RecordType;
  /** Moves what belongs to `fromId` (the merged record) to `toId` (the survivor); returns its undo data. */
  move(tx: Transaction, ctx: Context, fromId: string, toId: string): Promise<R>;
  /** Puts back what `move` moved, given its undo data. */
  undo(tx: Transaction, ctx: Context, fromId: string, toId: string, moved: R): Promise<void>;
}

const movers = new Map<string, MergeMover>();

/** Registers a mover (replacing one of the same key). Call at import time. */
export function registerMergeMover<R>(mover: MergeMover<R>): void {
  movers.set(mover.key, mover as MergeMover);
}

export function moversFor(type: RecordType): MergeMover[] {
  return [...movers.values()].filter((m) => m.type === type);
}

export function moverByKey(key: string): MergeMover | undefined {
  return movers.get(key);
}

/**
 * The usual mover in one line: rows of `table` whose `column` points at the merged record are
 * re-pointed at the survivor (their `id`s are remembered, and only those are pointed back on undo).
 * E.g. registerMergeMover(columnMover({ key: 'tasks.contact_id', type: 'contact', table: 'tasks', column: 'contact_id' })).
 */
export function columnMover(options: {
  key: string;
  type: RecordType;
  table: string;
  column: string;
  idColumn?: string;
}): MergeMover<{ ids: string[] }> {
  const table = raw(options.table);
  const column = raw(options.column);
  const id = raw(options.idColumn ?? 'id');
  return {
    key: options.key,
    type: options.type,
    async move(tx, _ctx, fromId, toId) {
      const { rows } = await tx.query<{ id: string }>(
        sql`UPDATE ${table} SET ${column} = ${toId}::uuid WHERE ${column} = ${fromId}::uuid RETURNING ${id}::text AS id`,
      );
      return { ids: rows.map((r) => r.id) };
    },
    async undo(tx, _ctx, fromId, toId, moved) {
      if (!moved.ids.length) return;
      await tx.query(
        sql`UPDATE ${table} SET ${column} = ${fromId}::uuid WHERE ${id}::text = ANY(${moved.ids}::text[]) AND ${column} = ${toId}::uuid`,
      );
    },
  };
}

// ---- built in: the customers module's own links ----

interface LinkMove {
  /** The other end of the link: the account (contact merges) or the contact (account merges). */
  other: string;
  role: string | null;
  primary: boolean;
  createdAt: string;
  /** true: the link was re-pointed; false: the survivor had it already and this one was dropped. */
  moved: boolean;
  /** The survivor's existing link became primary because the dropped one was. */
  promoted?: boolean;
}

/** A merged contact's account memberships go to the surviving contact (one link per account). */
registerMergeMover<LinkMove[]>({
  key: 'customers.contact_accounts.contact',
  type: 'contact',
  async move(tx, _ctx, fromId, toId) {
    const { rows } = await tx.query<{
      other: string;
      role: string | null;
      primary: boolean;
      created_at: Date;
    }>(
      `SELECT account_id AS other, role, is_primary AS primary, created_at FROM contact_accounts WHERE contact_id = $1 ORDER BY account_id`,
      [fromId],
    );
    const { rows: theirs } = await tx.query<{ account_id: string; is_primary: boolean }>(
      `SELECT account_id, is_primary FROM contact_accounts WHERE contact_id = $1`,
      [toId],
    );
    const has = new Set(theirs.map((r) => r.account_id));
    const hasPrimary = theirs.some((r) => r.is_primary);
    const moves: LinkMove[] = [];
    for (const r of rows) {
      const move: LinkMove = {
        other: r.other,
        role: r.role,
        primary: r.primary,
        createdAt: r.created_at.toISOString(),
        moved: !has.has(r.other),
      };
      if (move.moved) {
        await tx.query(
          `UPDATE contact_accounts SET contact_id = $2, is_primary = is_primary AND NOT $4 WHERE contact_id = $1 AND account_id = $3`,
          [fromId, toId, r.other, hasPrimary],
        );
      } else {
        await tx.query(`DELETE FROM contact_accounts WHERE contact_id = $1 AND account_id = $2`, [
          fromId,
          r.other,
        ]);
      }
      moves.push(move);
    }
    return moves;
  },
  async undo(tx, ctx, fromId, toId, moves) {
    for (const m of moves) {
      if (m.moved)
        await tx.query(`DELETE FROM contact_accounts WHERE contact_id = $1 AND account_id = $2`, [
          toId,
          m.other,
        ]);
      await tx.query(
        `INSERT INTO contact_accounts (tenant_id, contact_id, account_id, role, is_primary, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [ctx.actor.tenantId, fromId, m.other, m.role, m.primary, m.createdAt],
      );
    }
  },
});

/** A merged account's members become members of the surviving account. */
registerMergeMover<LinkMove[]>({
  key: 'customers.contact_accounts.account',
  type: 'account',
  async move(tx, _ctx, fromId, toId) {
    const { rows } = await tx.query<{
      other: string;
      role: string | null;
      primary: boolean;
      created_at: Date;
      existing: boolean | null;
    }>(
      `SELECT ca.contact_id AS other, ca.role, ca.is_primary AS primary, ca.created_at,
         (SELECT s.is_primary FROM contact_accounts s WHERE s.contact_id = ca.contact_id AND s.account_id = $2) AS existing
       FROM contact_accounts ca WHERE ca.account_id = $1 ORDER BY ca.contact_id`,
      [fromId, toId],
    );
    const moves: LinkMove[] = [];
    for (const r of rows) {
      const move: LinkMove = {
        other: r.other,
        role: r.role,
        primary: r.primary,
        createdAt: r.created_at.toISOString(),
        moved: r.existing === null,
      };
      if (move.moved) {
        await tx.query(
          `UPDATE contact_accounts SET account_id = $2 WHERE account_id = $1 AND contact_id = $3`,
          [fromId, toId, r.other],
        );
      } else {
        await tx.query(`DELETE FROM contact_accounts WHERE account_id = $1 AND contact_id = $2`, [
          fromId,
          r.other,
        ]);
        if (r.primary && r.existing === false) {
          await tx.query(
            `UPDATE contact_accounts SET is_primary = true WHERE account_id = $1 AND contact_id = $2`,
            [toId, r.other],
          );
          move.promoted = true;
        }
      }
      moves.push(move);
    }
    return moves;
  },
  async undo(tx, ctx, fromId, toId, moves) {
    for (const m of moves) {
      if (m.moved)
        await tx.query(`DELETE FROM contact_accounts WHERE account_id = $1 AND contact_id = $2`, [
          toId,
          m.other,
        ]);
      if (m.promoted)
        await tx.query(
          `UPDATE contact_accounts SET is_primary = false WHERE account_id = $1 AND contact_id = $2`,
          [toId, m.other],
        );
      await tx.query(
        `INSERT INTO contact_accounts (tenant_id, contact_id, account_id, role, is_primary, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [ctx.actor.tenantId, m.other, fromId, m.role, m.primary, m.createdAt],
      );
    }
  },
});

// Leads converted into the merged record point at the survivor.
registerMergeMover(
  columnMover({
    key: 'customers.leads.converted_contact_id',
    type: 'contact',
    table: 'leads',
    column: 'converted_contact_id',
  }),
);
registerMergeMover(
  columnMover({
    key: 'customers.leads.converted_account_id',
    type: 'account',
    table: 'leads',
    column: 'converted_account_id',
  }),
);
