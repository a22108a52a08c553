/**
 * A large messy contacts file, generated deterministically, imported through the API; counts,
 * rejects and duplicates are checked exactly against what the generator planted.
 *
 * Size: 100,000 rows on PostgreSQL (run only), 10,000 on PGlite (dry run and run): the 100k file
 * takes several minutes on PGlite. PEYVAND_BIG_IMPORT_ROWS sets the size for both engines and
 * PEYVAND_BIG_IMPORT_DRY=1/0 forces the dry run on or off. The throughput (rows/s of the run job, from
 * its own started/finished times) is printed per engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../platform/db/database.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { existingPeople, HEADERS, messyContacts, type Person } from './generator.js';
import { getJson, runStep, upload } from './test-support.js';

const rowsFor = (engine: Engine) =>
  Number(process.env.PEYVAND_BIG_IMPORT_ROWS ?? (engine === 'postgres' ? 100_000 : 10_000));

interface ImportBody {
  id: string;
  status: string;
  rowsTotal: number | null;
  lastRow: number;
  counts: Record<string, number>;
  dryRun: Record<string, number | string | null> | null;
  mapping: { column: number; field: string | null }[];
  jobId: string;
}
interface RowReport {
  row: number;
  outcome: string;
  matchId: string | null;
  matchReason: string | null;
  matchRow: number | null;
  errors: { column: string | null; field: string }[];
}

async function allRows(t: TestApp, cookie: string, id: string, mode: 'run' | 'dry_run') {
  const rows: RowReport[] = [];
  let after = 0;
  for (;;) {
    const page = await getJson<{ items: RowReport[]; nextAfter: number | null }>(
      t.app,
      cookie,
      `/api/v1/imports/${id}/rows?mode=${mode}&after=${after}&limit=1000`,
    );
    rows.push(...page.items);
    if (page.nextAfter === null) return rows;
    after = page.nextAfter;
  }
}

describe.each(testEngines())('a large messy contacts import on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  const existing = existingPeople(300);
  const existingIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    owner = await signupOrg(t.app, 'Big import');
    for (let i = 0; i < existing.length; i += 100) {
      const items = existing.slice(i, i + 100).map((p: Person, j) => ({
        firstName: 'موجود',
        lastName: `شماره ${i + j}`,
        phone: p.mobile,
        email: p.email,
        nationalId: p.nationalId,
      }));
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/v1/contacts/batch',
        cookie: owner.cookie,
        body: { items },
      });
      expect(res.statusCode, res.body).toBe(201);
      existingIds.push(...(res.json() as { items: { id: string }[] }).items.map((c) => c.id));
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports exactly what was planted: created, rejected (by field), duplicates (of rows and records)', {
    timeout: 900_000,
  }, async () => {
    const rows = rowsFor(engine);
    const started = Date.now();
    const { csv, plan } = messyContacts(rows, 20250321, existing);
    const generated = Date.now();
    const res = await upload(t.app, owner.cookie, 'contact', Buffer.from(csv, 'utf8'), 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json() as ImportBody;
    expect(imp.mapping.map((m) => m.field)).toEqual([
      'firstName',
      'lastName',
      'phones',
      'phones',
      'emails',
      'nationalId',
      'birthDate',
      'company',
    ]);
    expect(HEADERS.length).toBe(8);

    // Dry run: the same counts as the run will have, nothing written.
    // The dry run is checked on the 10k file (on the 100k one it would double the file's time).
    const withDry = process.env.PEYVAND_BIG_IMPORT_DRY
      ? process.env.PEYVAND_BIG_IMPORT_DRY !== '0'
      : rows <= 20_000;
    const dry = withDry ? await runStep<ImportBody>(t.app, owner.cookie, imp.id, 'dry-run') : undefined;
    if (dry) {
      expect(dry.job.status, dry.job.error ?? '').toBe('succeeded');
      const before = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM contacts`);
      expect(before.rows[0]?.n).toBe(existing.length);
      expect(dry.import.dryRun).toMatchObject({
        status: 'completed',
        created: plan.expect.created,
        rejected: plan.expect.rejected,
        skipped: plan.expect.skipped,
        updated: 0,
        blank: 0,
        accountsCreated: plan.companiesCreated.size,
      });
    }
    const dryDone = Date.now();

    const run = await runStep<ImportBody>(t.app, owner.cookie, imp.id, 'run');
    expect(run.job.status, run.job.error ?? '').toBe('succeeded');
    const finished = Date.now();
    expect(run.import.status).toBe('completed');
    expect(run.import.rowsTotal).toBe(rows);
    expect(run.import.lastRow).toBe(rows + 1);
    expect(run.import.counts).toEqual({
      created: plan.expect.created,
      rejected: plan.expect.rejected,
      skipped: plan.expect.skipped,
      updated: 0,
      blank: 0,
      accountsCreated: plan.companiesCreated.size,
    });
    const jobSeconds =
      (new Date(run.job.finishedAt as string).getTime() - new Date(run.job.startedAt as string).getTime()) /
      1000;
    console.log(
      `[imports] ${engine}: ${rows} rows — run job ${jobSeconds.toFixed(1)} s = ${Math.round(rows / jobSeconds)} rows/s ` +
        `(job's own rate ${Math.round(run.job.ratePerSecond ?? 0)} rows/s); dry run ${((dryDone - generated) / 1000).toFixed(1)} s ` +
        `(upload + analyse + dry run); run step wall ${((finished - dryDone) / 1000).toFixed(1)} s; generation ${((generated - started) / 1000).toFixed(1)} s`,
    );

    // The records: one per created row, with its identifiers in canonical form, linked to its company.
    const { rows: contacts } = await t.db.query<{
      id: string;
      phones_canonical: string[];
      emails_canonical: string[];
      national_id: string | null;
      account_names: string[];
    }>(
      `SELECT id, phones_canonical, emails_canonical, national_id, account_names FROM contacts WHERE tenant_id = $1`,
      [owner.tenantId],
    );
    expect(contacts.length).toBe(existing.length + plan.expect.created);
    const byMobile = new Map(contacts.map((c) => [c.phones_canonical[0], c]));
    for (const [row, fate] of plan.fates) {
      if (fate.kind !== 'created') continue;
      const c = byMobile.get(fate.person.mobile as string);
      expect(c, `row ${row}`).toBeDefined();
      expect(c?.phones_canonical, `row ${row}`).toEqual([
        fate.person.mobile,
        ...(fate.person.landline ? [fate.person.landline] : []),
      ]);
      expect(c?.emails_canonical, `row ${row}`).toEqual(fate.person.email ? [fate.person.email] : []);
      expect(c?.national_id ?? null, `row ${row}`).toBe(fate.person.nationalId);
      expect(c?.account_names.length, `row ${row}`).toBe(fate.company ? 1 : 0);
    }
    const { rows: accounts } = await t.db.query<{ name: string }>(
      `SELECT name FROM accounts WHERE tenant_id = $1`,
      [owner.tenantId],
    );
    expect(new Set(accounts.map((a) => a.name))).toEqual(plan.companiesCreated);

    // The report: every rejected row with the planted fields; every duplicate with its match.
    for (const mode of withDry ? (['dry_run', 'run'] as const) : (['run'] as const)) {
      const report = await allRows(t, owner.cookie, imp.id, mode);
      const byRow = new Map(report.map((r) => [r.row, r]));
      expect(report.length, mode).toBe(plan.expect.rejected + plan.expect.skipped);
      for (const [row, fate] of plan.fates) {
        const got = byRow.get(row);
        if (fate.kind === 'created') expect(got, `${mode} row ${row}`).toBeUndefined();
        else if (fate.kind === 'rejected') {
          expect(got?.outcome, `${mode} row ${row}`).toBe('rejected');
          expect(got?.errors.map((e) => e.field).sort(), `${mode} row ${row}`).toEqual(
            [...fate.fields].sort(),
          );
        } else {
          expect(got?.outcome, `${mode} row ${row}`).toBe('skipped');
          expect(got?.matchReason, `${mode} row ${row}`).toBe(fate.by);
          if (fate.kind === 'dup_existing')
            expect(got?.matchId, `${mode} row ${row}`).toBe(existingIds[fate.of]);
          else if (mode === 'run') {
            const original = plan.fates.get(fate.of) as { person: Person };
            const target = byMobile.get(original.person.mobile as string);
            expect(got?.matchId, `${mode} row ${row}`).toBe(target?.id);
          } else expect(got?.matchRow, `${mode} row ${row}`).toBe(fate.of);
        }
      }
    }

    // Audit: one create row per record, with the job as the request id.
    const audited = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_log WHERE tenant_id = $1 AND entity = 'contact' AND action = 'create' AND request_id = $2`,
      [owner.tenantId, run.import.jobId],
    );
    expect(audited.rows[0]?.n).toBe(plan.expect.created);
  });
});
