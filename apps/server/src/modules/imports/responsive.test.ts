/**
 * While an import runs on the embedded database, the server still answers: PGlite runs on the main
 * thread and its promises resolve without I/O, so a job that never yields would hold every request
 * (its own progress included) until it ends. Asked over real HTTP, not inject, for that reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { existingPeople, messyContacts } from './generator.js';
import { type JobView, upload, waitForJob } from './test-support.js';

describe('an import on PGlite leaves the server responsive', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { workers: true });
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers GET /api/v1/jobs/:id with progress while the run is going', { timeout: 120_000 }, async () => {
    const org = await signupOrg(t.app, 'Responsive');
    const { csv } = messyContacts(6000, 31, existingPeople(0));
    const created = await upload(t.app, org.cookie, 'contact', csv);
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const started = await fetch(`${url}/api/v1/imports/${id}/run`, {
      method: 'POST',
      headers: { cookie: org.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const seen: JobView[] = [];
    for (;;) {
      const res = await fetch(`${url}/api/v1/jobs/${jobId}`, { headers: { cookie: org.cookie } });
      const job = (await res.json()) as JobView;
      seen.push(job);
      if (!['queued', 'running'].includes(job.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen.at(-1)?.status).toBe('succeeded');
    // Several answers came while rows were being written, each with more of them done.
    const during = seen.filter(
      (j) => j.status === 'running' && j.progress > 0 && j.progress < (j.total ?? 0),
    );
    expect(during.length, JSON.stringify(seen.map((j) => [j.status, j.progress]))).toBeGreaterThanOrEqual(2);
    await waitForJob(t.app, org.cookie, jobId);
  });
});
