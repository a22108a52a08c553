import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import type { Transaction } from '../../platform/db/database.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { type ListQuery, listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { Action } from '../../platform/permissions/rights.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import * as categories from './categories.js';
import * as groups from './customer-groups.js';
import { PRODUCTS_MODULE } from './permissions.js';
import * as priceLists from './price-lists.js';
import { configure, priceFor } from './pricing.js';
import * as products from './products.js';
import {
  CategoryCreateSchema,
  CategoryPatchSchema,
  CategorySchema,
  ConfigureSchema,
  CustomerGroupCreateSchema,
  CustomerGroupPatchSchema,
  CustomerGroupSchema,
  PriceListCreateSchema,
  PriceListListQuerySchema,
  PriceListPatchSchema,
  PriceListSchema,
  PriceListSummarySchema,
  PriceQuerySchema,
  PriceSchema,
  ProductCreateSchema,
  ProductListQuerySchema,
  ProductPatchSchema,
  ProductSchema,
  TaxClassCreateSchema,
  TaxClassPatchSchema,
  TaxClassSchema,
} from './schemas.js';
import './search-source.js';
import * as taxClasses from './tax-classes.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });
const tags = ['products'];

type Versioned = { version: number };

/** One catalogue record type: its schemas and service, for the five endpoints every one of them has. */
interface Catalogue<V extends Versioned, C, P> {
  /** e.g. 'tax-classes' → /api/v1/tax-classes */
  plural: string;
  /** Named in summaries: 'a tax class'. */
  one: string;
  schema: z.ZodType;
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  list: {
    querystring: z.ZodType;
    response: z.ZodType;
    summary: string;
    run(tx: Transaction, query: unknown): Promise<unknown>;
  };
  deleting: string;
  get(tx: Transaction, id: string): Promise<V>;
  create(tx: Transaction, ctx: Context, input: C): Promise<V>;
  update(tx: Transaction, ctx: Context, id: string, patch: P, version?: number): Promise<V>;
  remove(tx: Transaction, ctx: Context, id: string, version?: number): Promise<void>;
}

/** List, create (Idempotency-Key), read, change (If-Match) and delete (If-Match) of one record type. */
function catalogueRoutes<V extends Versioned, C, P>(
  app: FastifyInstance,
  { db }: PlatformDeps,
  spec: Catalogue<V, C, P>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = `/api/v1/${spec.plural}`;
  const run = <T>(ctx: Context, action: Action, fn: (tx: Transaction) => Promise<T>) => {
    assertCan(ctx.actor, action, { module: PRODUCTS_MODULE });
    return inTenant(db, ctx.actor.tenantId, fn);
  };

  r.get(
    base,
    {
      schema: {
        tags,
        summary: spec.list.summary,
        querystring: spec.list.querystring,
        response: { 200: spec.list.response, ...errors },
      },
    },
    async (request) => run(contextOf(request), 'read', (tx) => spec.list.run(tx, request.query)),
  );

  r.post(
    base,
    {
      schema: {
        tags,
        summary: `Create ${spec.one} (Idempotency-Key supported)`,
        body: spec.createSchema,
        response: { 201: spec.schema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const result = await run(ctx, 'create', (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await spec.create(tx, ctx, request.body as C),
        })),
      );
      if (!result.replayed) setVersionHeader(reply, result.body.version);
      return sendCreated(reply, result);
    },
  );

  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `One of ${spec.plural}`,
        params: byId,
        response: { 200: spec.schema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await run(contextOf(request), 'read', (tx) => spec.get(tx, request.params.id));
      setVersionHeader(reply, found.version);
      return found;
    },
  );

  r.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change ${spec.one} (If-Match: version)`,
        params: byId,
        body: spec.patchSchema,
        response: { 200: spec.schema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const changed = await run(ctx, 'update', (tx) =>
        spec.update(tx, ctx, request.params.id, request.body as P, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );

  r.delete(
    `${base}/:id`,
    {
      schema: { tags, summary: spec.deleting, params: byId, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await run(ctx, 'delete', (tx) => spec.remove(tx, ctx, request.params.id, ifMatchVersion(request)));
      return reply.status(204).send(null);
    },
  );
}

/** A whole small list (tax classes, categories, groups): no paging needed. */
const everything = <T extends z.ZodType>(schema: T, run: (tx: Transaction) => Promise<unknown[]>) => ({
  querystring: z.object({}),
  response: z.object({ items: z.array(schema), nextCursor: z.null() }),
  run: async (tx: Transaction) => ({ items: await run(tx), nextCursor: null }),
});

export function productsRoutes(app: FastifyInstance, deps: PlatformDeps) {
  catalogueRoutes(app, deps, {
    plural: 'products',
    one: 'a product or service',
    schema: ProductSchema,
    createSchema: ProductCreateSchema,
    patchSchema: ProductPatchSchema,
    list: {
      summary: 'List live products and services: filter, sort, q (SKU or name), cursor, limit, total',
      querystring: ProductListQuerySchema,
      response: listPageSchema(ProductSchema),
      run: (tx, query) => products.listProducts(tx, query as ListQuery),
    },
    deleting:
      'Move a product to the recycle bin (inactive; documents and price lists keep naming it) (If-Match)',
    get: products.getProduct,
    create: products.createProduct,
    update: products.updateProduct,
    remove: products.deleteProduct,
  });
  catalogueRoutes(app, deps, {
    plural: 'tax-classes',
    one: 'a tax class',
    schema: TaxClassSchema,
    createSchema: TaxClassCreateSchema,
    patchSchema: TaxClassPatchSchema,
    list: {
      summary: 'Every tax class, the default first',
      ...everything(TaxClassSchema, taxClasses.listTaxClasses),
    },
    deleting: 'Delete a tax class no product uses and that is not the default (If-Match)',
    get: taxClasses.getTaxClass,
    create: taxClasses.createTaxClass,
    update: taxClasses.updateTaxClass,
    remove: taxClasses.deleteTaxClass,
  });
  catalogueRoutes(app, deps, {
    plural: 'product-categories',
    one: 'a product category',
    schema: CategorySchema,
    createSchema: CategoryCreateSchema,
    patchSchema: CategoryPatchSchema,
    list: { summary: 'Every product category', ...everything(CategorySchema, categories.listCategories) },
    deleting: 'Delete a category; its products become uncategorised (If-Match)',
    get: categories.getCategory,
    create: categories.createCategory,
    update: categories.updateCategory,
    remove: categories.deleteCategory,
  });
  catalogueRoutes(app, deps, {
    plural: 'customer-groups',
    one: 'a customer group',
    schema: CustomerGroupSchema,
    createSchema: CustomerGroupCreateSchema,
    patchSchema: CustomerGroupPatchSchema,
    list: {
      summary: 'Every customer group with its members',
      ...everything(CustomerGroupSchema, groups.listCustomerGroups),
    },
    deleting: 'Delete a customer group no price list is made for (If-Match)',
    get: groups.getCustomerGroup,
    create: groups.createCustomerGroup,
    update: groups.updateCustomerGroup,
    remove: groups.deleteCustomerGroup,
  });
  catalogueRoutes(app, deps, {
    plural: 'price-lists',
    one: 'a price list with its items',
    schema: PriceListSchema,
    createSchema: PriceListCreateSchema,
    patchSchema: PriceListPatchSchema,
    list: {
      summary: 'List price lists (without their items): filter, sort, q, cursor, limit, total',
      querystring: PriceListListQuerySchema,
      response: listPageSchema(PriceListSummarySchema),
      run: (tx, query) => priceLists.listPriceLists(tx, query as ListQuery),
    },
    deleting: 'Delete a price list and its items (If-Match)',
    get: priceLists.getPriceList,
    create: priceLists.createPriceList,
    update: priceLists.updatePriceList,
    remove: priceLists.deletePriceList,
  });

  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  listFieldsRoute(app, db, { entity: 'product', plural: 'products', tags });

  r.post(
    '/api/v1/products/:id/configure',
    {
      schema: {
        tags,
        summary:
          'Resolve a configuration (one choice per option group) to its variant SKU, unit price for the customer, and tax',
        params: byId,
        body: ConfigureSchema,
        response: { 200: PriceSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: PRODUCTS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => configure(tx, ctx, request.params.id, request.body));
    },
  );

  r.get(
    '/api/v1/prices',
    {
      schema: {
        tags,
        summary:
          'The unit price a customer gets for a product on a day and quantity: the most specific valid price list, else the base price, and which it was',
        querystring: PriceQuerySchema,
        response: { 200: PriceSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: PRODUCTS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => priceFor(tx, ctx, request.query));
    },
  );
}
