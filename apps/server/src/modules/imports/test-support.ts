// Helpers for the imports module's tests (not a test file itself).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { call } from '../../platform/testing/harness.js';

export async function upload(
  app: FastifyInstance,
  cookie: string,
  type: 'contact' | 'account' | 'lead',
  body: Buffer | string,
  contentType = 'text/csv',
  name = 'file.csv',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/imports?type=${type}&name=${encodeURIComponent(name)}`,
    headers: { cookie, 'content-type': contentType },
    payload: body,
  });
}

/** A multipart/form-data body with one file part. */
export function multipart(field: string, fileName: string, contentType: string, data: Buffer) {
  const boundary = `----peyvand${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, data, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export interface JobView {
  status: string;
  progress: number;
  total: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  result: unknown;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Polls the job until it is finished; returns its last state. */
export async function waitForJob(
  app: FastifyInstance,
  cookie: string,
  jobId: string,
  timeoutMs = 600_000,
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(app, { method: 'GET', url: `/api/v1/jobs/${jobId}`, cookie });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json() as JobView;
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `check` returns a value; fails after the deadline. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function getJson<T = Record<string, unknown>>(
  app: FastifyInstance,
  cookie: string,
  url: string,
): Promise<T> {
  const res = await call(app, { method: 'GET', url, cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

/** POST …/dry-run or …/run and wait for its job; returns the import afterwards. */
export async function runStep<T = Record<string, unknown>>(
  app: FastifyInstance,
  cookie: string,
  importId: string,
  step: 'dry-run' | 'run' | 'resume',
): Promise<{ import: T; job: JobView }> {
  const res = await call(app, { method: 'POST', url: `/api/v1/imports/${importId}/${step}`, cookie });
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json() as { jobId: string };
  const job = await waitForJob(app, cookie, jobId);
  return { import: await getJson<T>(app, cookie, `/api/v1/imports/${importId}`), job };
}
