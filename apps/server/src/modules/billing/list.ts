/** The lists of quotes, sales orders, invoices and credit notes: one catalogue, one list per type. */
import { sql, type Transaction } from '../../platform/db/database.js';
import { type ListQuery, type ListResource, runListQuery } from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { visibleTo } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { BILLING_MODULE } from './permissions.js';
import { COLUMNS, type DocumentRow, FROM, summaryOf } from './records.js';
import { ALL_STATUSES, DOCUMENT_TYPES, type DocumentType } from './schemas.js';

export const documentList: ListResource = {
  idColumn: sql`d.id`,
  defaultSort: '-createdAt',
  // notNull: never-NULL columns, so keyset pages start their index scan at the cursor.
  fields: {
    id: { column: sql`d.id`, type: 'uuid', sortable: false },
    number: { column: sql`d.number`, type: 'text' },
    status: { column: sql`d.status`, type: 'enum', values: ALL_STATUSES, notNull: true },
    accountId: { column: sql`d.account_id`, type: 'uuid' },
    contactId: { column: sql`d.contact_id`, type: 'uuid' },
    dealId: { column: sql`d.deal_id`, type: 'uuid' },
    ownerId: { column: sql`d.owner_id`, type: 'uuid', references: 'member' },
    sourceId: { column: sql`d.source_id`, type: 'uuid' },
    currency: { column: sql`d.currency`, type: 'text', notNull: true },
    issueDate: { column: sql`d.issue_date`, type: 'date', notNull: true },
    dueDate: { column: sql`d.due_date`, type: 'date' },
    total: { column: sql`d.total`, type: 'money', notNull: true },
    paid: { column: sql`d.paid`, type: 'money', notNull: true },
    createdAt: { column: sql`d.created_at`, type: 'datetime', notNull: true },
    updatedAt: { column: sql`d.updated_at`, type: 'datetime', notNull: true },
  },
  // Documents are found by number: `q` matches it as typed, in any case.
  search: (q) => sql`d.number ILIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
};

for (const type of DOCUMENT_TYPES)
  registerList({ entity: type, module: BILLING_MODULE, resource: async () => documentList });

export async function listDocuments(tx: Transaction, ctx: Context, type: DocumentType, query: ListQuery) {
  const page = await runListQuery<DocumentRow>(tx, documentList, query, {
    from: FROM,
    select: COLUMNS,
    where: sql`d.tenant_id = ${ctx.actor.tenantId}::uuid AND d.type = ${type} AND ${visibleTo(ctx.actor, sql`d.owner_id`)}`,
  });
  return { ...page, items: page.items.map(summaryOf) };
}
