/**
 * An uploaded file as a table: how it is read (format, encoding, delimiter, header row), its column
 * headers, a sample, and its data rows as a stream.
 */
import type { Database } from '../../platform/db/database.js';
import { CHUNK_BYTES, readFile, readHead } from '../../platform/files/storage.js';
import { Problem } from '../../platform/http/problem.js';
import {
  decodeHead,
  detectDelimiter,
  detectEncoding,
  detectFormat,
  type Encoding,
  type Format,
  readRows,
  type SourceRow,
  VCARD_COLUMNS,
} from './sources.js';

export const SAMPLE_ROWS = 20;
export const MAX_COLUMNS = 500;

export interface TableSpec {
  fileId: string;
  format: Format;
  encoding: Encoding | null;
  delimiter: string | null;
  hasHeader: boolean;
}

export interface Analysis extends TableSpec {
  headers: string[];
  sample: string[][];
}

/**
 * Reads the start of a file: its format (from the bytes), encoding and delimiter (detected unless
 * given), the header row and the first data rows.
 */
export async function analyse(
  db: Database,
  tenantId: string,
  file: { id: string; name: string; contentType: string },
  given: { format?: Format; encoding?: Encoding | null; delimiter?: string | null; hasHeader?: boolean } = {},
): Promise<Analysis> {
  const head = await readHead(db, tenantId, file.id, CHUNK_BYTES);
  const format = given.format ?? detectFormat(head, file.name, file.contentType);
  const encoding = format === 'xlsx' ? null : (given.encoding ?? detectEncoding(head));
  const delimiter =
    format === 'csv' ? (given.delimiter ?? detectDelimiter(decodeHead(head, encoding ?? 'utf-8'))) : null;
  const hasHeader = format === 'vcard' ? true : (given.hasHeader ?? true);
  const spec: TableSpec = { fileId: file.id, format, encoding, delimiter, hasHeader };
  let header: string[] | null = format === 'vcard' ? [...VCARD_COLUMNS] : null;
  const sample: string[][] = [];
  for await (const row of tableRows(db, tenantId, spec, (h) => (header = h))) {
    sample.push(row.cells);
    if (sample.length >= SAMPLE_ROWS) break;
  }
  const width = Math.max(header?.length ?? 0, ...sample.map((r) => r.length));
  if (width > MAX_COLUMNS)
    throw new Problem(
      422,
      'Unprocessable Entity',
      `The file has ${width} columns; at most ${MAX_COLUMNS} can be imported`,
    );
  const headers = Array.from({ length: width }, (_, i) => {
    const h = header?.[i]?.trim();
    return h ? h : `Column ${i + 1}`;
  });
  return { ...spec, headers, sample: sample.map((r) => headers.map((_, i) => r[i] ?? '')) };
}

/**
 * The data rows of the table, in file order. `onHeader` receives the header row's cells (the first
 * record of a CSV or XLSX that has a header; the fixed columns of a vCard).
 */
export async function* tableRows(
  db: Database,
  tenantId: string,
  spec: TableSpec,
  onHeader?: (cells: string[]) => void,
): AsyncGenerator<SourceRow> {
  const rows = readRows(readFile(db, tenantId, spec.fileId), spec);
  let first = spec.format !== 'vcard' && spec.hasHeader;
  for await (const row of rows) {
    if (first) {
      first = false;
      onHeader?.(row.cells);
      continue;
    }
    yield row;
  }
}
