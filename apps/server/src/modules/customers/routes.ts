import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import type { Transaction } from '../../platform/db/database.js';
import { MAX_BULK } from '../../platform/http/bulk.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { type ListPage, type ListQuery, listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan, can } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import type { Context } from '../../platform/tenancy/context.js';
import { inTenant } from '../../platform/tenancy/context.js';
import * as accounts from './accounts.js';
import { applyBulk } from './bulk.js';
import * as contacts from './contacts.js';
import * as customFields from './custom-fields.js';
import * as leads from './leads.js';
import './lists.js';
import { CUSTOMERS_MODULE, SETTINGS_MODULE } from './permissions.js';
import {
  AccountCreateSchema,
  AccountPatchSchema,
  AccountSchema,
  BulkActionSchema,
  BulkResultSchema,
  batchOf,
  ContactCreateSchema,
  ContactPatchSchema,
  ContactSchema,
  CUSTOM_FIELD_ENTITIES,
  CustomerListFieldSchema,
  CustomFieldCreateSchema,
  CustomFieldPatchSchema,
  CustomFieldSchema,
  createdOf,
  type Duplicate,
  type Entity,
  LeadConversionSchema,
  LeadConvertSchema,
  LeadCreateSchema,
  LeadPatchSchema,
  LeadSchema,
  RecordListQuerySchema,
} from './schemas.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });

type ListInput = ListQuery & { deleted: boolean };

/** The service of one record type, as the shared routes below use it. */
interface RecordService<
  V extends { id: string; version: number; ownerId: string | null; tags: string[] },
  C,
  P,
> {
  list(tx: Transaction, ctx: Context, query: ListInput): Promise<ListPage<V> & { total?: number }>;
  get(tx: Transaction, ctx: Context, id: string): Promise<V>;
  create(tx: Transaction, ctx: Context, inputs: C[], prefix?: (i: number) => string): Promise<V[]>;
  duplicates(tx: Transaction, ctx: Context, record: V): Promise<Duplicate[]>;
  update(tx: Transaction, ctx: Context, id: string, patch: P, version?: number): Promise<V>;
  remove(tx: Transaction, ctx: Context, id: string, version?: number): Promise<void>;
  restore(tx: Transaction, ctx: Context, id: string, version?: number): Promise<V>;
}

interface RecordRoutes<
  V extends { id: string; version: number; ownerId: string | null; tags: string[] },
  C,
  P,
> {
  entity: Entity;
  plural: string;
  one: string;
  schema: z.ZodObject;
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  service: RecordService<V, C, P>;
}

/** The same eight endpoints for accounts, contacts and leads. */
function recordRoutes<
  V extends { id: string; version: number; ownerId: string | null; tags: string[] },
  C,
  P,
>(
  app: FastifyInstance,
  { db }: PlatformDeps,
  { entity, plural, one, schema, createSchema, patchSchema, service }: RecordRoutes<V, C, P>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = `/api/v1/${plural}`;
  const tags = ['customers'];

  r.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${plural}: filter, sort, q (search), cursor, limit, total; deleted=true for the recycle bin`,
        querystring: RecordListQuerySchema,
        response: { 200: listPageSchema(schema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, request.query.deleted ? 'delete' : 'read', { module: CUSTOMERS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => service.list(tx, ctx, request.query));
    },
  );

  listFieldsRoute(app, db, { entity, plural, tags, item: CustomerListFieldSchema });

  r.post(
    base,
    {
      schema: {
        tags,
        summary: `Create ${one} (Idempotency-Key supported); the answer lists possible duplicates`,
        body: createSchema,
        response: { 201: createdOf(schema), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => {
          const [record] = (await service.create(tx, ctx, [request.body as C])) as [V];
          return {
            status: 201,
            body: { ...record, possibleDuplicates: await service.duplicates(tx, ctx, record) },
          };
        }),
      );
      if (!result.replayed) setVersionHeader(reply, result.body.version);
      return sendCreated(reply, result);
    },
  );

  r.post(
    `${base}/batch`,
    {
      schema: {
        tags,
        summary: `Create up to 100 ${plural} in one transaction: all or none (errors at items.N.field)`,
        body: batchOf(createSchema),
        response: { 201: z.object({ items: z.array(schema) }), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: CUSTOMERS_MODULE });
      const { items } = request.body as { items: C[] };
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: { items: await service.create(tx, ctx, items, (i) => `items.${i}.`) },
        })),
      );
      return sendCreated(reply, result);
    },
  );

  // Forms are drawn from the same Zod schema that validates the writes (its input side as JSON Schema).
  const formSchema = z.toJSONSchema(patchSchema, { io: 'input', unrepresentable: 'any' });
  r.get(
    `${base}/schema`,
    {
      schema: {
        tags,
        summary: `The JSON Schema of ${one}'s writable fields (from the API's own validation), for forms`,
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    },
    async (request) => {
      assertCan(contextOf(request).actor, 'read', { module: CUSTOMERS_MODULE });
      return formSchema;
    },
  );

  r.post(
    `${base}/bulk`,
    {
      schema: {
        tags,
        summary: `Assign, tag, untag or delete up to ${MAX_BULK} ${plural} at once: all or none (errors at ids.N)`,
        body: BulkActionSchema,
        response: { 200: BulkResultSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, request.body.action === 'delete' ? 'delete' : 'update', {
        module: CUSTOMERS_MODULE,
      });
      // Owner and tags are fields of every record type's patch, so this patch is one of P.
      const bulkService = {
        ...service,
        update: (tx: Transaction, c: Context, id: string, patch: object) =>
          service.update(tx, c, id, patch as P),
      };
      return inTenant(db, ctx.actor.tenantId, (tx) => applyBulk(tx, ctx, bulkService, request.body));
    },
  );

  r.get(
    `${base}/:id`,
    {
      schema: { tags, summary: `One ${one}`, params: byId, response: { 200: schema, ...errors } },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: CUSTOMERS_MODULE });
      const record = await inTenant(db, ctx.actor.tenantId, (tx) => service.get(tx, ctx, request.params.id));
      setVersionHeader(reply, record.version);
      return record;
    },
  );

  r.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change ${one} (If-Match: version → 409 when stale)`,
        params: byId,
        body: patchSchema,
        response: { 200: schema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: CUSTOMERS_MODULE });
      const record = await inTenant(db, ctx.actor.tenantId, (tx) =>
        service.update(tx, ctx, request.params.id, request.body as P, ifMatchVersion(request)),
      );
      setVersionHeader(reply, record.version);
      return record;
    },
  );

  r.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Move ${one} to the recycle bin (If-Match: version)`,
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: CUSTOMERS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        service.remove(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  r.post(
    `${base}/:id/restore`,
    {
      schema: {
        tags,
        summary: `Bring ${one} back from the recycle bin`,
        params: byId,
        response: { 200: schema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: CUSTOMERS_MODULE });
      const record = await inTenant(db, ctx.actor.tenantId, (tx) =>
        service.restore(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      setVersionHeader(reply, record.version);
      return record;
    },
  );
}

export function customersRoutes(app: FastifyInstance, deps: PlatformDeps) {
  const { db } = deps;
  recordRoutes(app, deps, {
    entity: 'account',
    plural: 'accounts',
    one: 'an account',
    schema: AccountSchema,
    createSchema: AccountCreateSchema,
    patchSchema: AccountPatchSchema,
    service: {
      list: accounts.listAccounts,
      get: accounts.getAccount,
      create: accounts.createAccounts,
      duplicates: accounts.accountDuplicates,
      update: accounts.updateAccount,
      remove: accounts.deleteAccount,
      restore: accounts.restoreAccount,
    },
  });
  recordRoutes(app, deps, {
    entity: 'contact',
    plural: 'contacts',
    one: 'a contact',
    schema: ContactSchema,
    createSchema: ContactCreateSchema,
    patchSchema: ContactPatchSchema,
    service: {
      list: contacts.listContacts,
      get: contacts.getContact,
      create: contacts.createContacts,
      duplicates: contacts.contactDuplicates,
      update: contacts.updateContact,
      remove: contacts.deleteContact,
      restore: contacts.restoreContact,
    },
  });
  recordRoutes(app, deps, {
    entity: 'lead',
    plural: 'leads',
    one: 'a lead',
    schema: LeadSchema,
    createSchema: LeadCreateSchema,
    patchSchema: LeadPatchSchema,
    service: {
      list: leads.listLeads,
      get: leads.getLead,
      create: leads.createLeads,
      duplicates: leads.leadDuplicates,
      update: leads.updateLead,
      remove: leads.deleteLead,
      restore: leads.restoreLead,
    },
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/leads/:id/convert',
    {
      schema: {
        tags: ['customers'],
        summary: 'Convert a lead: link or create its account and contact; the lead is kept, marked converted',
        params: byId,
        body: LeadConvertSchema,
        response: { 200: LeadConversionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: CUSTOMERS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        leads.convertLead(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, result.lead.version);
      return result;
    },
  );

  // ---- custom field definitions ----
  const mayReadDefinitions = (ctx: Context) => {
    if (!can(ctx.actor, 'read', { module: CUSTOMERS_MODULE }))
      assertCan(ctx.actor, 'read', { module: SETTINGS_MODULE });
  };

  r.get(
    '/api/v1/custom-fields',
    {
      schema: {
        tags: ['customers'],
        summary: 'Custom field definitions (of one entity with ?entity=)',
        querystring: z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES).optional() }),
        response: { 200: z.object({ items: z.array(CustomFieldSchema), nextCursor: z.null() }), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      mayReadDefinitions(ctx);
      const items = await inTenant(db, ctx.actor.tenantId, (tx) =>
        customFields.listCustomFields(tx, request.query.entity),
      );
      return { items, nextCursor: null };
    },
  );

  r.get(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'One custom field definition',
        params: byId,
        response: { 200: CustomFieldSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      mayReadDefinitions(ctx);
      const field = await inTenant(db, ctx.actor.tenantId, (tx) =>
        customFields.getCustomField(tx, request.params.id),
      );
      setVersionHeader(reply, field.version);
      return field;
    },
  );

  r.post(
    '/api/v1/custom-fields',
    {
      schema: {
        tags: ['customers'],
        summary: 'Define a custom field of accounts, contacts, leads or deals (administrators)',
        body: CustomFieldCreateSchema,
        response: { 201: CustomFieldSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: SETTINGS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await customFields.createCustomField(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.patch(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change labels, options, required or position of a custom field (If-Match: version)',
        params: byId,
        body: CustomFieldPatchSchema,
        response: { 200: CustomFieldSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: SETTINGS_MODULE });
      const field = await inTenant(db, ctx.actor.tenantId, (tx) =>
        customFields.updateCustomField(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, field.version);
      return field;
    },
  );

  r.delete(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Delete a custom field and its values',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: SETTINGS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        customFields.deleteCustomField(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );
}
