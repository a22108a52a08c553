/**
 * Duplicate detection as a job. Per record type:
 * 1. blocking — every live record is put in blocks by exact keys (canonical phone, canonical e-mail,
 *    national/legal ID) and name keys (nameBlockKeys: pairs of 3-letter prefixes/suffixes of two name
 *    words, or the single word). Only records sharing a block are compared, so the work grows with
 *    the block sizes, not with n²; a block larger than MAX_BLOCK (a switchboard number, a very common
 *    name pair) is skipped and counted.
 * 2. scoring — each pair of a block gets scorePair(): token-wise Jaro-Winkler on the normalised names
 *    plus the exact keys both share; pairs ≥ CANDIDATE_THRESHOLD are stored with their reasons.
 * 3. storing — candidates are upserted (a dismissed or merged pair keeps its status); open pairs
 *    the scan no longer finds are removed.
 */
import { bulk, raw, sql } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { defineJob, type JobRun } from '../../platform/jobs/jobs.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { type RecordType, TYPES } from './entities.js';
import { CANDIDATE_THRESHOLD, type Evidence, nameBlockKeys, nameTokens, scorePair } from './similarity.js';

export const SCAN_QUEUE = 'cleaning.duplicates.scan';
/** Blocks with more records than this are skipped (their pairs would be compared n²). */
export const MAX_BLOCK = 100;
const PAGE = 2000;

interface ScanRecord {
  id: string;
  tokens: string[];
  phones: string[];
  emails: string[];
  nationalId: string | null;
}

export interface Reason {
  kind: 'phone' | 'email' | 'nationalId' | 'name';
  value?: string;
  similarity?: number;
}

export interface TypeScanResult {
  records: number;
  blocks: number;
  oversizedBlocks: number;
  pairsCompared: number;
  candidates: number;
  milliseconds: number;
}

async function readRecords(run: JobRun<unknown>, type: RecordType): Promise<ScanRecord[]> {
  const info = TYPES[type];
  const records: ScanRecord[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await inTenant(run.db, run.tenantId, (tx) =>
      tx.query<{ id: string; name: string; phones: string[]; emails: string[]; nid: string | null }>(
        sql`SELECT t.id, ${raw(info.name)} AS name, t.phones_canonical AS phones, t.emails_canonical AS emails,
              ${raw(info.nationalId ? `t.${info.nationalId}` : 'NULL::text')} AS nid
            FROM ${raw(info.table)} t WHERE t.deleted_at IS NULL AND t.id > ${after}::uuid ORDER BY t.id LIMIT ${PAGE}`,
      ),
    );
    for (const r of rows)
      records.push({
        id: r.id,
        tokens: nameTokens(r.name, info.organisation),
        phones: r.phones,
        emails: r.emails,
        nationalId: r.nid,
      });
    if (rows.length < PAGE) return records;
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}

/** Scores the pairs of one record type; returns candidates ≥ threshold and counts. */
export function findCandidates(records: ScanRecord[]) {
  const blocks = new Map<string, number[]>();
  const oversized = new Set<string>();
  const add = (key: string, index: number) => {
    if (oversized.has(key)) return;
    const block = blocks.get(key);
    if (!block) blocks.set(key, [index]);
    else if (block[block.length - 1] !== index) {
      block.push(index);
      if (block.length > MAX_BLOCK) {
        blocks.delete(key);
        oversized.add(key);
      }
    }
  };
  records.forEach((r, i) => {
    for (const p of r.phones) add(`p:${p}`, i);
    for (const e of r.emails) add(`e:${e}`, i);
    if (r.nationalId) add(`n:${r.nationalId}`, i);
    for (const k of nameBlockKeys(r.tokens)) add(k, i);
  });
  const seen = new Set<number>();
  const candidates: { a: string; b: string; score: number; reasons: Reason[] }[] = [];
  let compared = 0;
  const n = records.length;
  for (const block of blocks.values()) {
    if (block.length < 2) continue;
    for (let x = 0; x < block.length; x++)
      for (let y = x + 1; y < block.length; y++) {
        const i = block[x] as number;
        const j = block[y] as number;
        const pairKey = i < j ? i * n + j : j * n + i;
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        compared++;
        const ra = records[i] as ScanRecord;
        const rb = records[j] as ScanRecord;
        const evidence: Evidence = {
          phones: ra.phones.filter((p) => rb.phones.includes(p)),
          emails: ra.emails.filter((e) => rb.emails.includes(e)),
          nationalId: !!ra.nationalId && ra.nationalId === rb.nationalId,
          nationalIdConflict: !!ra.nationalId && !!rb.nationalId && ra.nationalId !== rb.nationalId,
          phonesConflict:
            ra.phones.length > 0 && rb.phones.length > 0 && !ra.phones.some((p) => rb.phones.includes(p)),
        };
        const { score, name } = scorePair(ra.tokens, rb.tokens, evidence);
        if (score < CANDIDATE_THRESHOLD) continue;
        const reasons: Reason[] = [];
        if (evidence.nationalId) reasons.push({ kind: 'nationalId', value: ra.nationalId as string });
        for (const e of evidence.emails) reasons.push({ kind: 'email', value: e });
        for (const p of evidence.phones) reasons.push({ kind: 'phone', value: p });
        if (name.similarity >= 0.6)
          reasons.push({ kind: 'name', similarity: Math.round(name.similarity * 1000) / 1000 });
        const [a, b] = ra.id < rb.id ? [ra.id, rb.id] : [rb.id, ra.id];
        candidates.push({ a, b, score, reasons });
      }
  }
  return { candidates, blocks: blocks.size, oversizedBlocks: oversized.size, pairsCompared: compared };
}

async function scanType(run: JobRun<unknown>, type: RecordType, report: (message: string) => Promise<void>) {
  const started = Date.now();
  await report(`${type}: reading records`);
  const records = await readRecords(run, type);
  await report(`${type}: comparing ${records.length} records`);
  const found = findCandidates(records);
  await report(`${type}: storing ${found.candidates.length} candidate pairs`);
  for (let i = 0; i < found.candidates.length; i += 500) {
    const chunk = found.candidates.slice(i, i + 500);
    await inTenant(run.db, run.tenantId, (tx) =>
      tx.query(
        sql`INSERT INTO duplicate_candidates (tenant_id, id, entity, record_a, record_b, score, reasons, scan_run_id)
            VALUES ${bulk(chunk.map((c) => [run.tenantId, newId(), type, c.a, c.b, c.score, JSON.stringify(c.reasons), run.runId]))}
            ON CONFLICT (tenant_id, entity, record_a, record_b) DO UPDATE SET score = EXCLUDED.score,
              reasons = EXCLUDED.reasons, scan_run_id = EXCLUDED.scan_run_id, updated_at = now()`,
      ),
    );
  }
  await inTenant(run.db, run.tenantId, (tx) =>
    tx.query(
      `DELETE FROM duplicate_candidates WHERE entity = $1 AND status = 'open' AND scan_run_id IS DISTINCT FROM $2`,
      [type, run.runId],
    ),
  );
  const result: TypeScanResult = {
    records: records.length,
    blocks: found.blocks,
    oversizedBlocks: found.oversizedBlocks,
    pairsCompared: found.pairsCompared,
    candidates: found.candidates.length,
    milliseconds: Date.now() - started,
  };
  return result;
}

export interface ScanInput {
  types: RecordType[];
}

defineJob<ScanInput>(
  SCAN_QUEUE,
  async (run) => {
    const results: Partial<Record<RecordType, TypeScanResult>> = {};
    const total = run.input.types.length * 3;
    let step = 0;
    const report = async (message: string) => {
      await run.progress(step, total, message);
      step += 1;
    };
    for (const type of run.input.types) results[type] = await scanType(run, type, report);
    await run.progress(total, total, 'done');
    return results;
  },
  { batchSize: 1 },
);
