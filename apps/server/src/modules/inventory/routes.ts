import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ifMatchVersion, setVersionHeader } from '../../platform/http/concurrency.js';
import { listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { byId, created, errors, runner, tags } from './http.js';
import * as lowStock from './low-stock.js';
import { purchasingRoutes } from './purchasing-routes.js';
import {
  InventorySettingsPatchSchema,
  InventorySettingsSchema,
  LowStockThresholdPutSchema,
  LowStockThresholdSchema,
  StockDocumentResultSchema,
  StockLevelQuerySchema,
  StockLevelSchema,
  StockMovementQuerySchema,
  StockMovementRowSchema,
  StockTransferSchema,
  StocktakeSchema,
  WarehouseCreateSchema,
  WarehousePatchSchema,
  WarehouseSchema,
} from './schemas.js';
import * as stock from './stock.js';
import * as warehouses from './warehouses.js';

export function inventoryRoutes(app: FastifyInstance, deps: PlatformDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const run = runner(db);

  // Warehouses ---------------------------------------------------------------------------------
  r.get(
    '/api/v1/warehouses',
    {
      schema: {
        tags,
        summary: 'Warehouses, the default first',
        response: { 200: z.object({ items: z.array(WarehouseSchema), nextCursor: z.null() }), ...errors },
      },
    },
    async (request) => ({
      items: await run(request, 'read', (tx) => warehouses.listWarehouses(tx)),
      nextCursor: null,
    }),
  );
  r.post(
    '/api/v1/warehouses',
    {
      schema: {
        tags,
        summary: 'Create a warehouse (Idempotency-Key supported)',
        body: WarehouseCreateSchema,
        response: { 201: WarehouseSchema, ...errors },
      },
    },
    (request, reply) =>
      created(db, request, reply, (tx, ctx) => warehouses.createWarehouse(tx, ctx, request.body)),
  );
  r.get(
    '/api/v1/warehouses/:id',
    {
      schema: { tags, summary: 'One warehouse', params: byId, response: { 200: WarehouseSchema, ...errors } },
    },
    async (request, reply) => {
      const found = await run(request, 'read', (tx) => warehouses.getWarehouse(tx, request.params.id));
      setVersionHeader(reply, found.version);
      return found;
    },
  );
  r.patch(
    '/api/v1/warehouses/:id',
    {
      schema: {
        tags,
        summary: 'Change a warehouse; isDefault: true makes it the default (If-Match: version)',
        params: byId,
        body: WarehousePatchSchema,
        response: { 200: WarehouseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await run(request, 'update', (tx, ctx) =>
        warehouses.updateWarehouse(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, changed.version);
      return changed;
    },
  );
  r.delete(
    '/api/v1/warehouses/:id',
    {
      schema: {
        tags,
        summary: 'Delete a warehouse that never held stock and is not the default (If-Match: version)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await run(request, 'delete', (tx, ctx) =>
        warehouses.deleteWarehouse(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  // Levels and the ledger ----------------------------------------------------------------------
  r.get(
    '/api/v1/stock',
    {
      schema: {
        tags,
        summary: 'Stock levels per product and warehouse (each the sum of its ledger rows)',
        querystring: StockLevelQuerySchema,
        response: { 200: listPageSchema(StockLevelSchema), ...errors },
      },
    },
    (request) => run(request, 'read', (tx) => stock.listLevels(tx, request.query)),
  );
  r.get(
    '/api/v1/stock/movements',
    {
      schema: {
        tags,
        summary: 'The stock-movement ledger: filter, sort, keyset pages',
        querystring: StockMovementQuerySchema,
        response: { 200: listPageSchema(StockMovementRowSchema), ...errors },
      },
    },
    (request) => run(request, 'read', (tx) => stock.listMovements(tx, request.query)),
  );
  listFieldsRoute(app, db, { entity: 'stock_movement', plural: 'stock/movements', tags });
  r.post(
    '/api/v1/stock/transfers',
    {
      schema: {
        tags,
        summary: 'Move stock from one warehouse to another, all lines or none (Idempotency-Key supported)',
        body: StockTransferSchema,
        response: { 201: StockDocumentResultSchema, ...errors },
      },
    },
    (request, reply) => created(db, request, reply, (tx, ctx) => stock.transferStock(tx, ctx, request.body)),
  );
  r.post(
    '/api/v1/stock/adjustments',
    {
      schema: {
        tags,
        summary: 'A stocktake: counted quantities become movements of the difference, with a reason',
        body: StocktakeSchema,
        response: { 201: StockDocumentResultSchema, ...errors },
      },
    },
    (request, reply) => created(db, request, reply, (tx, ctx) => stock.adjustStock(tx, ctx, request.body)),
  );

  // Settings -----------------------------------------------------------------------------------
  r.get(
    '/api/v1/inventory-settings',
    {
      schema: { tags, summary: 'Inventory settings', response: { 200: InventorySettingsSchema, ...errors } },
    },
    (request) => run(request, 'read', (tx) => stock.getSettings(tx)),
  );
  r.patch(
    '/api/v1/inventory-settings',
    {
      schema: {
        tags,
        summary: 'Allow or refuse negative stock (owners and administrators; If-Match: version)',
        body: InventorySettingsPatchSchema,
        response: { 200: InventorySettingsSchema, ...errors },
      },
    },
    (request) =>
      run(request, 'admin', (tx, ctx) =>
        stock.updateSettings(tx, ctx, request.body, ifMatchVersion(request)),
      ),
  );

  // Low-stock thresholds -----------------------------------------------------------------------
  const byProduct = z.object({ productId: z.uuid() });
  r.get(
    '/api/v1/low-stock-thresholds',
    {
      schema: {
        tags,
        summary: 'Low-stock thresholds of the products',
        response: {
          200: z.object({ items: z.array(LowStockThresholdSchema), nextCursor: z.null() }),
          ...errors,
        },
      },
    },
    async (request) => ({
      items: await run(request, 'read', (tx) => lowStock.listThresholds(tx)),
      nextCursor: null,
    }),
  );
  r.get(
    '/api/v1/low-stock-thresholds/:productId',
    {
      schema: {
        tags,
        summary: "A product's low-stock threshold",
        params: byProduct,
        response: { 200: LowStockThresholdSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await run(request, 'read', (tx) => lowStock.getThreshold(tx, request.params.productId));
      setVersionHeader(reply, found.version);
      return found;
    },
  );
  r.put(
    '/api/v1/low-stock-thresholds/:productId',
    {
      schema: {
        tags,
        summary: "Set a product's low-stock threshold and buyer (If-Match: version when replacing)",
        params: byProduct,
        body: LowStockThresholdPutSchema,
        response: { 200: LowStockThresholdSchema, ...errors },
      },
    },
    async (request, reply) => {
      const saved = await run(request, 'update', (tx, ctx) =>
        lowStock.putThreshold(tx, ctx, request.params.productId, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, saved.version);
      return saved;
    },
  );
  r.delete(
    '/api/v1/low-stock-thresholds/:productId',
    {
      schema: {
        tags,
        summary: "Remove a product's low-stock threshold (If-Match: version)",
        params: byProduct,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await run(request, 'delete', (tx, ctx) =>
        lowStock.deleteThreshold(tx, ctx, request.params.productId, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  purchasingRoutes(app, deps);
}
