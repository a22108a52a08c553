import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import type { Transaction } from '../../platform/db/database.js';
import { fileHeaders } from '../../platform/files/upload.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { Action } from '../../platform/permissions/rights.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { accountBalance, aging } from './balances.js';
import * as documents from './documents.js';
import { exportInvoices, exportPayments } from './export.js';
import { listDocuments } from './list.js';
import * as payments from './payments.js';
import { documentTitle, pdfData, renderPdf } from './pdf.js';
import { BILLING_MODULE } from './permissions.js';
import { LABEL } from './records.js';
import {
  AgingQuerySchema,
  AgingSchema,
  BalanceSchema,
  DocumentCreateSchema,
  DocumentListQuerySchema,
  DocumentPatchSchema,
  DocumentSummarySchema,
  type DocumentType,
  ExportQuerySchema,
  PaymentCreateSchema,
  PaymentListQuerySchema,
  PaymentSchema,
  PdfQuerySchema,
  SalesDocumentSchema,
} from './schemas.js';
import './search-source.js';
import './timeline-source.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });
const tags = ['billing'];

const PLURAL: Record<DocumentType, string> = {
  quote: 'quotes',
  sales_order: 'sales-orders',
  invoice: 'invoices',
  credit_note: 'credit-notes',
};

export function billingRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const run = <T>(ctx: Context, action: Action, fn: (tx: Transaction) => Promise<T>) => {
    assertCan(ctx.actor, action, { module: BILLING_MODULE });
    return inTenant(db, ctx.actor.tenantId, fn);
  };

  // Exports first: their static paths sit beside /invoices/:id.
  const exportRoute = (plural: 'invoices' | 'payments', make: typeof exportInvoices) =>
    r.get(
      `/api/v1/${plural}/export`,
      {
        schema: {
          tags,
          summary: `Export ${plural} for accounting: format=csv|json, from/to dates inclusive (streamed)`,
          querystring: ExportQuerySchema,
          response: { 200: z.unknown().describe('CSV or JSON, streamed'), ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        assertCan(ctx.actor, 'export', { module: BILLING_MODULE });
        const { format, from, to } = request.query;
        reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${plural}.${format}"`);
        return reply.send(Readable.from(make(db, ctx, format, { from, to })));
      },
    );
  exportRoute('invoices', exportInvoices);
  exportRoute('payments', exportPayments);

  for (const type of Object.keys(PLURAL) as DocumentType[]) {
    const plural = PLURAL[type];
    const label = LABEL[type];
    r.get(
      `/api/v1/${plural}`,
      {
        schema: {
          tags,
          summary: `List ${label.toLowerCase()}s: filter, sort, q (number), cursor, limit, total`,
          querystring: DocumentListQuerySchema,
          response: { 200: listPageSchema(DocumentSummarySchema), ...errors },
        },
      },
      async (request) => {
        const ctx = contextOf(request);
        return run(ctx, 'read', (tx) => listDocuments(tx, ctx, type, request.query));
      },
    );
    listFieldsRoute(app, db, { entity: type, plural, tags });
    r.get(
      `/api/v1/${plural}/:id`,
      {
        schema: {
          tags,
          summary: `One ${label.toLowerCase()} with its lines`,
          params: byId,
          response: { 200: SalesDocumentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const found = await run(ctx, 'read', (tx) => documents.getDocument(tx, ctx, type, request.params.id));
        setVersionHeader(reply, found.version);
        return found;
      },
    );
    r.get(
      `/api/v1/${plural}/:id/pdf`,
      {
        schema: {
          tags,
          summary: `The ${label.toLowerCase()} as a PDF: lang=fa (right to left, Jalali dates, Persian digits, total in words) or en; default the member's language`,
          params: byId,
          querystring: PdfQuerySchema,
          response: { 200: z.unknown().describe('application/pdf'), ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const data = await run(ctx, 'read', (tx) => pdfData(tx, ctx, type, request.params.id));
        const lang = request.query.lang ?? data.user.locale;
        const body = await renderPdf(data, lang);
        const name = `${documentTitle(type, lang)} ${data.number ?? (lang === 'fa' ? 'پیش‌نویس' : 'draft')}.pdf`;
        fileHeaders(reply, { name, contentType: 'application/pdf', size: body.length }, 'inline');
        return reply.send(body);
      },
    );
    if (type === 'credit_note') continue; // credit notes come only from cancelling an invoice

    r.post(
      `/api/v1/${plural}`,
      {
        schema: {
          tags,
          summary: `Create a ${label.toLowerCase()}${type === 'sales_order' ? ' (numbered at once)' : ' draft'}; the server prices and totals the lines (Idempotency-Key supported)`,
          body: DocumentCreateSchema,
          response: { 201: SalesDocumentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const result = await run(ctx, 'create', (tx) =>
          idempotent(tx, ctx, request, async () => ({
            status: 201,
            body: await documents.createDocument(tx, ctx, type, request.body),
          })),
        );
        if (!result.replayed) setVersionHeader(reply, result.body.version);
        return sendCreated(reply, result);
      },
    );
    r.patch(
      `/api/v1/${plural}/:id`,
      {
        schema: {
          tags,
          summary: `Edit a draft ${label.toLowerCase()} and/or move its status (If-Match: version)`,
          params: byId,
          body: DocumentPatchSchema,
          response: { 200: SalesDocumentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const changed = await run(ctx, 'update', (tx) =>
          documents.updateDocument(tx, ctx, type, request.params.id, request.body, ifMatchVersion(request)),
        );
        setVersionHeader(reply, changed.version);
        return changed;
      },
    );
    if (type === 'quote' || type === 'sales_order')
      r.post(
        `/api/v1/${plural}/:id/convert`,
        {
          schema: {
            tags,
            summary:
              type === 'quote'
                ? 'Convert an accepted quote into a sales order (its lines copied; If-Match: version)'
                : 'Convert an open sales order into a draft invoice (its lines copied; If-Match: version)',
            params: byId,
            response: { 201: SalesDocumentSchema, ...errors },
          },
        },
        async (request, reply) => {
          const ctx = contextOf(request);
          const made = await run(ctx, 'update', (tx) =>
            documents.convertDocument(tx, ctx, type, request.params.id, ifMatchVersion(request)),
          );
          setVersionHeader(reply, made.version);
          return reply.status(201).send(made);
        },
      );
  }

  // ---- payments ----

  r.get(
    '/api/v1/invoices/:id/payments',
    {
      schema: {
        tags,
        summary: "An invoice's payments, oldest first",
        params: byId,
        response: { 200: z.object({ items: z.array(PaymentSchema) }), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return { items: await run(ctx, 'read', (tx) => payments.paymentsOf(tx, ctx, request.params.id)) };
    },
  );
  r.post(
    '/api/v1/invoices/:id/payments',
    {
      schema: {
        tags,
        summary:
          'Record a payment against an issued invoice, at most its open balance (Idempotency-Key supported)',
        params: byId,
        body: PaymentCreateSchema,
        response: { 201: PaymentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const result = await run(ctx, 'update', (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await payments.recordPayment(tx, ctx, request.params.id, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );
  r.get(
    '/api/v1/payments',
    {
      schema: {
        tags,
        summary: 'List payments of the invoices the member sees: filter, sort, cursor, limit, total',
        querystring: PaymentListQuerySchema,
        response: { 200: listPageSchema(PaymentSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => payments.listPayments(tx, ctx, request.query));
    },
  );
  listFieldsRoute(app, db, { entity: 'payment', plural: 'payments', tags });

  // ---- balances ----

  r.get(
    '/api/v1/accounts/:id/balance',
    {
      schema: {
        tags,
        summary: "An account's balance per currency: invoiced − paid − credited (documents the member sees)",
        params: byId,
        response: { 200: BalanceSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => accountBalance(tx, ctx, request.params.id));
    },
  );
  r.get(
    '/api/v1/billing/aging',
    {
      schema: {
        tags,
        summary: 'Open invoices by days past due (0–30, 31–60, 61–90, 90+) per currency',
        querystring: AgingQuerySchema,
        response: { 200: AgingSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return run(ctx, 'read', (tx) => aging(tx, ctx, request.query));
    },
  );
}
