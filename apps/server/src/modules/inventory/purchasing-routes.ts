import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ifMatchVersion, setVersionHeader } from '../../platform/http/concurrency.js';
import { listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { byId, created, errors, runner, tags } from './http.js';
import * as purchasing from './purchasing.js';
import {
  GoodsReceiptCreateSchema,
  GoodsReceiptSchema,
  PurchaseOrderCreateSchema,
  PurchaseOrderPatchSchema,
  PurchaseOrderQuerySchema,
  PurchaseOrderSchema,
  VendorCreateSchema,
  VendorPatchSchema,
  VendorSchema,
} from './schemas.js';

export function purchasingRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const run = runner(db);

  // Vendors ------------------------------------------------------------------------------------
  r.get(
    '/api/v1/vendors',
    {
      schema: {
        tags,
        summary: 'Vendors (suppliers) by name',
        response: { 200: z.object({ items: z.array(VendorSchema), nextCursor: z.null() }), ...errors },
      },
    },
    async (request) => ({
      items: await run(request, 'read', (tx) => purchasing.listVendors(tx)),
      nextCursor: null,
    }),
  );
  r.post(
    '/api/v1/vendors',
    {
      schema: {
        tags,
        summary: 'Create a vendor (Idempotency-Key supported)',
        body: VendorCreateSchema,
        response: { 201: VendorSchema, ...errors },
      },
    },
    (request, reply) =>
      created(db, request, reply, (tx, ctx) => purchasing.createVendor(tx, ctx, request.body)),
  );
  r.get(
    '/api/v1/vendors/:id',
    { schema: { tags, summary: 'One vendor', params: byId, response: { 200: VendorSchema, ...errors } } },
    async (request, reply) => {
      const found = await run(request, 'read', (tx) => purchasing.getVendor(tx, request.params.id));
      setVersionHeader(reply, found.version);
      return found;
    },
  );
  r.patch(
    '/api/v1/vendors/:id',
    {
      schema: {
        tags,
        summary: 'Change a vendor (If-Match: version)',
        params: byId,
        body: VendorPatchSchema,
        response: { 200: VendorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await run(request, 'update', (tx, ctx) =>
        purchasing.updateVendor(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );
  r.delete(
    '/api/v1/vendors/:id',
    {
      schema: {
        tags,
        summary: 'Delete a vendor without purchase orders (If-Match: version)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await run(request, 'delete', (tx, ctx) =>
        purchasing.deleteVendor(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  // Purchase orders and goods receipts ---------------------------------------------------------
  r.get(
    '/api/v1/purchase-orders',
    {
      schema: {
        tags,
        summary: 'Purchase orders with their lines: filter, sort, keyset pages',
        querystring: PurchaseOrderQuerySchema,
        response: { 200: listPageSchema(PurchaseOrderSchema), ...errors },
      },
    },
    (request) => run(request, 'read', (tx) => purchasing.listPurchaseOrders(tx, request.query)),
  );
  listFieldsRoute(app, db, { entity: 'purchase_order', plural: 'purchase-orders', tags });
  r.post(
    '/api/v1/purchase-orders',
    {
      schema: {
        tags,
        summary: 'Create a draft purchase order (Idempotency-Key supported)',
        body: PurchaseOrderCreateSchema,
        response: { 201: PurchaseOrderSchema, ...errors },
      },
    },
    (request, reply) =>
      created(db, request, reply, (tx, ctx) => purchasing.createPurchaseOrder(tx, ctx, request.body)),
  );
  r.get(
    '/api/v1/purchase-orders/:id',
    {
      schema: {
        tags,
        summary: 'One purchase order',
        params: byId,
        response: { 200: PurchaseOrderSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await run(request, 'read', (tx) => purchasing.getPurchaseOrder(tx, request.params.id));
      setVersionHeader(reply, found.version);
      return found;
    },
  );
  r.patch(
    '/api/v1/purchase-orders/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft purchase order, order it or cancel it (If-Match: version)',
        params: byId,
        body: PurchaseOrderPatchSchema,
        response: { 200: PurchaseOrderSchema, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await run(request, 'update', (tx, ctx) =>
        purchasing.updatePurchaseOrder(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );
  r.post(
    '/api/v1/purchase-orders/:id/receipts',
    {
      schema: {
        tags,
        summary:
          "Receive goods against an ordered purchase order: adds them to stock (If-Match: the order's version)",
        params: byId,
        body: GoodsReceiptCreateSchema,
        response: { 201: GoodsReceiptSchema, ...errors },
      },
    },
    (request, reply) =>
      created(db, request, reply, (tx, ctx) =>
        purchasing.receiveGoods(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      ),
  );
}
