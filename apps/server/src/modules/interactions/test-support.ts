// Helpers for the interactions and relationships tests (not a test file itself).
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { call } from '../../platform/testing/harness.js';
import type { RouteCase, World } from '../../platform/testing/permission-matrix.js';

/**
 * Customer records written straight into the customers module's tables (as the database owner), so
 * these tests depend only on its schema, not on its API's validation rules.
 */
export async function insertContact(
  db: Database,
  tenantId: string,
  ownerId: string | null,
  firstName = 'سارا',
): Promise<string> {
  const id = newId();
  await db.query(
    `INSERT INTO contacts (tenant_id, id, first_name, last_name, owner_id, created_by) VALUES ($1, $2, $3, 'کریمی', $4, $4)`,
    [tenantId, id, firstName, ownerId],
  );
  return id;
}

export async function insertAccount(
  db: Database,
  tenantId: string,
  ownerId: string | null,
  name = 'شرکت نمونه',
): Promise<string> {
  const id = newId();
  await db.query(
    `INSERT INTO accounts (tenant_id, id, name, owner_id, created_by) VALUES ($1, $2, $3, $4, $4)`,
    [tenantId, id, name, ownerId],
  );
  return id;
}

export async function insertLead(db: Database, tenantId: string, ownerId: string | null): Promise<string> {
  const id = newId();
  await db.query(
    `INSERT INTO leads (tenant_id, id, first_name, company_name, owner_id) VALUES ($1, $2, 'علی', 'پارس', $3)`,
    [tenantId, id, ownerId],
  );
  return id;
}

export async function linkContact(db: Database, tenantId: string, contactId: string, accountId: string) {
  await db.query(`INSERT INTO contact_accounts (tenant_id, contact_id, account_id) VALUES ($1, $2, $3)`, [
    tenantId,
    contactId,
    accountId,
  ]);
}

/** Expects a 422 whose field errors name exactly these paths (in any order). */
export function expectFieldErrors(res: LightMyRequestResponse, paths: string[]) {
  expect(res.statusCode, res.body).toBe(422);
  const errors = (res.json() as { errors?: { path: string }[] }).errors ?? [];
  expect(errors.map((e) => e.path).sort()).toEqual([...paths].sort());
}

/** Rows of a table for one record (read as the owner, across RLS). */
export async function countRows(db: Database, table: string, where: string, params: unknown[]) {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Another organisation's record is not found (404) — never merely forbidden — for every role that
 * holds the right (the matrix itself accepts 403 or 404 for any denial).
 */
export async function expectOtherTenantNotFound(world: World, cases: RouteCase[]) {
  const wrong: string[] = [];
  for (const c of cases) {
    if (!c.relations.includes('otherTenant')) continue;
    for (const role of ['owner', 'admin'] as const) {
      const actor = world.members[role];
      const res = await call(world.app, {
        ...(await c.request(actor, world.stranger, world)),
        cookie: actor.cookie,
      });
      if (res.statusCode !== 404) wrong.push(`${c.route} as ${role}: ${res.statusCode}`);
    }
  }
  expect(wrong).toEqual([]);
}
