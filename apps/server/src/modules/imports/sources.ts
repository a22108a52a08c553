/**
 * Reading import files as rows of text cells, streaming: CSV (any delimiter; UTF-8 with or without
 * BOM, UTF-16, Windows-1256…), XLSX (first worksheet) and vCard 3/4. Nothing here holds more than a
 * chunk of the file and one row in memory (XLSX: exceljs caches the shared-strings table, which is
 * the file's distinct strings, and spills a worksheet stored before it to a temporary file).
 *
 * Rows are numbered as a person sees them: CSV records and XLSX rows from 1 (the header is row 1),
 * vCards from 1 (the first card). A resumed import reads the file again and skips the rows already
 * committed, so numbering must be stable: it never depends on where reading started.
 */
import type { Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ICAL from 'ical.js';
import iconv from 'iconv-lite';
import { Problem } from '../../platform/http/problem.js';
import ExcelJS from './excel.js';

export const FORMATS = ['csv', 'xlsx', 'vcard'] as const;
export type Format = (typeof FORMATS)[number];

export const ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1256',
  'iso-8859-6',
  'windows-1252',
] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Delimiters tried when detecting: comma, semicolon, tab, pipe, Arabic semicolon (Persian Windows' list separator), Arabic comma. */
export const DELIMITERS = [',', ';', '\t', '|', '\u061B', '\u060C'] as const;

export interface ReadOptions {
  format: Format;
  encoding: Encoding | null;
  delimiter: string | null;
}

export interface SourceRow {
  row: number;
  cells: string[];
}

const unsupported = (detail: string) => new Problem(415, 'Unsupported Media Type', detail);

// ---------------------------------------------------------------------------------------------
// Detection

/** The file's kind from its first bytes (the name and Content-Type are only hints people get wrong). */
export function detectFormat(head: Buffer, name: string, contentType: string): Format {
  if (head.length === 0) throw new Problem(422, 'Unprocessable Entity', 'The file is empty');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw unsupported('Old Excel files (.xls) are not supported: save the sheet as .xlsx or CSV');
  const encoding = detectEncoding(head);
  const text = decodeHead(head, encoding).replace(/^[\s\uFEFF]+/, '');
  if (/^BEGIN:VCARD/i.test(text)) return 'vcard';
  if (encoding === 'utf-8' && head.subarray(0, 8192).includes(0))
    throw unsupported(
      `This does not look like a CSV, XLSX or vCard file (${name || 'no name'}, ${contentType || 'no type'})`,
    );
  return 'csv';
}

/**
 * BOM first (UTF-8, UTF-16LE/BE); otherwise UTF-8 when the bytes are valid UTF-8 (plain ASCII is
 * too), else Windows-1256, the encoding Persian Windows and Excel write "CSV" in.
 */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Without a BOM, UTF-16 text in a Latin or Arabic script has a NUL in every other byte.
  const probe = head.subarray(0, 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
  if (oddNul > probe.length / 4 && evenNul === 0) return 'utf-16le';
  if (evenNul > probe.length / 4 && oddNul === 0) return 'utf-16be';
  return validUtf8(head) ? 'utf-8' : 'windows-1256';
}

/** Valid UTF-8, ignoring a multi-byte sequence cut off at the end of the sample. */
function validUtf8(bytes: Buffer): boolean {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export function decodeHead(head: Buffer, encoding: Encoding): string {
  return iconv.decode(head, encoding, { stripBOM: true });
}

/**
 * The delimiter whose count per line is the same on the most lines (and more than zero), looking at
 * up to 50 lines of the file's start with quoted parts removed. One column: comma.
 */
export function detectDelimiter(text: string): string {
  const unquoted = text.replace(/"(?:[^"]|"")*"/g, '""');
  const lines = unquoted.split(/\r\n|\n|\r/).slice(0, 51);
  // The last line may be cut off in the middle.
  if (lines.length > 1) lines.pop();
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  let best: { delimiter: string; lines: number; count: number } = { delimiter: ',', lines: 0, count: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = nonEmpty.map((l) => l.split(delimiter).length - 1);
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
    for (const [count, lines] of tally) {
      if (lines > best.lines || (lines === best.lines && count > best.count))
        best = { delimiter, lines, count };
    }
  }
  return best.delimiter;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Every record of the file, the header row included, as trimmed-at-the-edges text cells. */
export function readRows(input: Readable, options: ReadOptions): AsyncGenerator<SourceRow> {
  switch (options.format) {
    case 'csv':
      return readCsv(input, options.encoding ?? 'utf-8', options.delimiter ?? ',');
    case 'xlsx':
      return readXlsx(input);
    case 'vcard':
      return readVcards(input, options.encoding ?? 'utf-8');
  }
}

async function* readCsv(input: Readable, encoding: Encoding, delimiter: string): AsyncGenerator<SourceRow> {
  const decoder = iconv.decodeStream(encoding, { stripBOM: true }) as unknown as Transform;
  const parser = parseCsv({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(decoder).pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record.map(clean) };
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Problem(
      422,
      'Unprocessable Entity',
      `The CSV file cannot be read after row ${row}: ${message}`,
    );
  } finally {
    input.unpipe();
    input.destroy();
    parser.destroy();
  }
}

function clean(cell: string): string {
  return cell.replace(/^[\s\uFEFF]+|\s+$/g, '');
}

async function* readXlsx(input: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell which numbers are dates.
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        // values is 1-based (index 0 unused) and sparse.
        for (let i = 1; i < values.length; i++) cells.push(clean(cellText(values[i])));
        yield { row: row.number, cells };
      }
      // The first worksheet only.
      break;
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Problem(422, 'Unprocessable Entity', `The XLSX file cannot be read: ${message}`);
  } finally {
    input.destroy();
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A cell as text: numbers without exponent or float noise, dates as ISO, rich text joined. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
    return String(Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const midnight = value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0;
    return midnight ? date : value.toISOString();
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
  }
  return String(value);
}

// ---- vCard ----

/** The columns a vCard is read into (mapped like any file's columns). */
export const VCARD_COLUMNS = [
  'First name',
  'Last name',
  'Full name',
  'Phones',
  'Emails',
  'Company',
  'Job title',
  'Birthday',
  'Note',
  'Categories',
  'Website',
  'Address',
  'UID',
] as const;

/** Each card, parsed by ical.js (RFC 6350 vCard 4 and RFC 2426 vCard 3), as one row of VCARD_COLUMNS. */
async function* readVcards(input: Readable, encoding: Encoding): AsyncGenerator<SourceRow> {
  const decoder = iconv.decodeStream(encoding, { stripBOM: true }) as unknown as Transform;
  input.on('error', (e) => decoder.destroy(e));
  input.pipe(decoder);
  let row = 0;
  let card: string[] | null = null;
  let rest = '';
  try {
    for await (const piece of decoder as AsyncIterable<string>) {
      const text = rest + piece;
      const lines = text.split(/\r\n|\n|\r/);
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const upper = line.trimEnd().toUpperCase();
        if (upper === 'BEGIN:VCARD') card = [line];
        else if (card && upper === 'END:VCARD') {
          card.push(line);
          row += 1;
          yield { row, cells: vcardCells(card.join('\r\n')) };
          card = null;
        } else if (card) card.push(line);
      }
    }
    if (card && rest.trim().toUpperCase() === 'END:VCARD') {
      card.push(rest);
      row += 1;
      yield { row, cells: vcardCells(card.join('\r\n')) };
    }
  } finally {
    input.unpipe();
    input.destroy();
    decoder.destroy();
  }
}

/** Marks a card ical.js could not read: the row is rejected with this message. */
export const UNREADABLE = '\u0000unreadable:';

function vcardCells(text: string): string[] {
  let comp: ICAL.Component;
  try {
    comp = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    const cells: string[] = VCARD_COLUMNS.map(() => '');
    cells[0] = `${UNREADABLE}${error instanceof Error ? error.message : String(error)}`;
    return cells;
  }
  const texts = (name: string) =>
    comp
      .getAllProperties(name)
      .flatMap((p) => p.getValues())
      .map((v) => valueText(v))
      .filter((v) => v !== '');
  const first = (name: string) => texts(name)[0] ?? '';
  const n = comp.getFirstPropertyValue('n');
  const parts = Array.isArray(n) ? n.map((v) => valueText(v)) : typeof n === 'string' ? n.split(';') : [];
  let family = (parts[0] ?? '').trim();
  let given = [parts[1], parts[2]]
    .map((p) => (p ?? '').trim())
    .filter(Boolean)
    .join(' ');
  const fullName = first('fn');
  if (!family && !given && fullName) {
    const [head, ...tail] = fullName.split(/\s+/);
    given = head ?? '';
    family = tail.join(' ');
  }
  const phones = texts('tel').map((t) => t.replace(/^tel:/i, ''));
  const org = comp.getFirstPropertyValue('org');
  const company = Array.isArray(org) ? valueText(org[0]) : valueText(org);
  const adr = comp.getFirstPropertyValue('adr');
  const address = Array.isArray(adr)
    ? adr
        .map((v) => valueText(v))
        .filter(Boolean)
        .join('، ')
    : valueText(adr);
  const cells: Record<(typeof VCARD_COLUMNS)[number], string> = {
    'First name': given,
    'Last name': family,
    'Full name': fullName,
    Phones: phones.join(' ; '),
    Emails: texts('email').join(' ; '),
    Company: company,
    'Job title': first('title'),
    Birthday: birthday(comp.getFirstPropertyValue('bday')),
    Note: first('note'),
    Categories: texts('categories').join(', '),
    Website: first('url'),
    Address: address,
    UID: first('uid'),
  };
  return VCARD_COLUMNS.map((c) => clean(cells[c]));
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(valueText).join(' ');
  return String(v).trim();
}

/** BDAY as YYYY-MM-DD; a date without a year (--0412) or a text birthday is left out. */
function birthday(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}
