/** Product categories (گروه کالا): a flat list of names; deleting one leaves its products uncategorised. */
import { sql, type Transaction } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { assertFree, lockedRow, recordChange } from './records.js';
import type { Category, CategoryCreate, CategoryPatch } from './schemas.js';

interface Row {
  id: string;
  name_fa: string;
  name_en: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = sql`SELECT id, name_fa, name_en, version, created_at, updated_at FROM product_categories`;

const view = (r: Row): Category => ({
  id: r.id,
  nameFa: r.name_fa,
  nameEn: r.name_en,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listCategories(tx: Transaction): Promise<Category[]> {
  const { rows } = await tx.query<Row>(sql`${SELECT} ORDER BY name_fa COLLATE "und-x-icu", id`);
  return rows.map(view);
}

export async function getCategory(tx: Transaction, id: string): Promise<Category> {
  const { rows } = await tx.query<Row>(sql`${SELECT} WHERE id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Category');
  return view(rows[0]);
}

export async function createCategory(
  tx: Transaction,
  ctx: Context,
  input: CategoryCreate,
): Promise<Category> {
  const id = newId();
  await assertFree(tx, 'product_categories', 'name_fa', input.nameFa, id, 'nameFa');
  await tx.query(
    sql`INSERT INTO product_categories (tenant_id, id, name_fa, name_en)
        VALUES (${ctx.actor.tenantId}, ${id}, ${input.nameFa}, ${input.nameEn})`,
  );
  const after = await getCategory(tx, id);
  await recordChange(tx, ctx, 'product_category', { action: 'create', id, after });
  return after;
}

export async function updateCategory(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: CategoryPatch,
  version?: number,
): Promise<Category> {
  const before = view(await lockedRow<Row>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Category', version));
  if (patch.nameFa !== undefined)
    await assertFree(tx, 'product_categories', 'name_fa', patch.nameFa, id, 'nameFa');
  await tx.query(
    sql`UPDATE product_categories SET name_fa = ${patch.nameFa ?? before.nameFa}, name_en = ${patch.nameEn ?? before.nameEn},
          version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  const after = await getCategory(tx, id);
  await recordChange(tx, ctx, 'product_category', { action: 'update', id, before, after });
  return after;
}

export async function deleteCategory(tx: Transaction, ctx: Context, id: string, version?: number) {
  const before = view(await lockedRow<Row>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Category', version));
  await tx.query(sql`DELETE FROM product_categories WHERE id = ${id}::uuid`);
  await recordChange(tx, ctx, 'product_category', { action: 'delete', id, before });
}
