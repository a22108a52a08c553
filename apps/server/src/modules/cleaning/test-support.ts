// Helpers for the cleaning module's tests (not a test file itself).
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call } from '../../platform/testing/harness.js';

export async function post(app: FastifyInstance, cookie: string, url: string, body: unknown) {
  return call(app, { method: 'POST', url, cookie, body });
}

export async function get(app: FastifyInstance, cookie: string, url: string) {
  return call(app, { method: 'GET', url, cookie });
}

/** Creates records through the customers API in batches of 100; returns their ids in order. */
export async function createMany(
  app: FastifyInstance,
  cookie: string,
  plural: string,
  items: Record<string, unknown>[],
) {
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += 100) {
    const res = await post(app, cookie, `/api/v1/${plural}/batch`, { items: items.slice(i, i + 100) });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(...(res.json() as { items: { id: string }[] }).items.map((x) => x.id));
  }
  return ids;
}

export interface JobView {
  status: string;
  progress: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: string | null;
}

/** Waits for a job to finish (polling its run) and returns it. */
export async function waitForJob(
  app: FastifyInstance,
  cookie: string,
  jobId: string,
  timeoutMs = 40_000,
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await get(app, cookie, `/api/v1/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json() as JobView;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status} (${job.message})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a job through `url` and waits for it to succeed. */
export async function runJob(app: FastifyInstance, cookie: string, url: string, body: unknown) {
  const res = await post(app, cookie, url, body);
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitForJob(app, cookie, (res.json() as { jobId: string }).jobId);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return job;
}
