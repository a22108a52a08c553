import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../auth/authenticate.js';
import type { Database } from '../db/database.js';
import { notFound, ProblemSchema } from '../http/problem.js';
import type { Actor } from '../permissions/can.js';
import { assertCan } from '../permissions/can.js';
import type { PlatformDeps } from '../routes.js';
import { inTenant } from '../tenancy/context.js';

export const JobRunSchema = z
  .object({
    id: z.uuid(),
    queue: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    progress: z.number(),
    total: z.number().nullable(),
    message: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
    createdAt: z.date(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    updatedAt: z.date(),
    ratePerSecond: z.number().nullable().describe('Items per second since the job started'),
    etaSeconds: z.number().nullable().describe('Estimated seconds left, when the total is known'),
  })
  .meta({ id: 'JobRun' });
export type JobRunView = z.infer<typeof JobRunSchema>;

interface JobRunRow {
  id: string;
  queue: string;
  status: JobRunView['status'];
  progress: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

/** Reads a run the actor may see (their own; anyone's with the jobs admin right). */
export async function readJobRun(db: Database, actor: Actor, id: string): Promise<JobRunView> {
  const { rows } = await inTenant(db, actor.tenantId, (tx) =>
    tx.query<JobRunRow>(`SELECT * FROM job_runs WHERE id = $1`, [id]),
  );
  const row = rows[0];
  if (!row) throw notFound('Job');
  const ownOrAdmin = row.created_by === actor.userId || (actor.role.rights.jobs ?? []).includes('admin');
  if (!ownOrAdmin) throw notFound('Job');
  assertCan(actor, 'read', { module: 'jobs' });
  const end = row.finished_at ?? row.updated_at;
  const seconds = row.started_at ? (end.getTime() - row.started_at.getTime()) / 1000 : 0;
  const rate = seconds > 0 ? row.progress / seconds : null;
  return {
    id: row.id,
    queue: row.queue,
    status: row.status,
    progress: row.progress,
    total: row.total,
    message: row.message,
    result: row.result,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    ratePerSecond: rate,
    etaSeconds:
      rate && row.total !== null && row.status === 'running'
        ? Math.max(0, (row.total - row.progress) / rate)
        : null,
  };
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

export function jobRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.uuid() });

  r.get(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Progress and outcome of a job',
        params,
        response: { 200: JobRunSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => readJobRun(db, contextOf(request).actor, request.params.id),
  );

  // Server-sent events: one `progress` event whenever the run changes, then `done`. Polls the
  // database so it works whichever process runs the job.
  r.get(
    '/api/v1/jobs/:id/events',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Progress of a job as server-sent events (text/event-stream)',
        params,
      },
    },
    async (request, reply) => {
      const actor = contextOf(request).actor;
      let last = await readJobRun(db, actor, request.params.id);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': String(request.id),
      });
      const send = (event: string, data: unknown) =>
        out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('progress', last);
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      while (!closed && !FINISHED.has(last.status)) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const next = await readJobRun(db, actor, request.params.id).catch(() => last);
        if (next.updatedAt.getTime() !== last.updatedAt.getTime() || next.status !== last.status)
          send('progress', next);
        last = next;
      }
      if (!closed) {
        send('done', last);
        out.end();
      }
    },
  );
}
