/**
 * exceljs 4.4's streaming XLSX reader turns each chunk of a sheet's XML into text on its own
 * (lib/utils/parse-sax.js), so a Persian or Arabic letter or digit whose UTF-8 bytes straddle two
 * chunks comes out as "��" — rows of a real Persian workbook were rejected for it (exceljs issues
 * #2063, #2084, #2316; unfixed upstream). This module puts a parse-sax that decodes the chunks as one
 * UTF-8 stream in the module cache before exceljs loads, so every reader exceljs builds uses it. It must
 * be imported before 'exceljs'.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const path = require.resolve('exceljs/lib/utils/parse-sax.js');
// The sax parser exceljs itself depends on, resolved from exceljs.
interface SaxesParser {
  on(event: 'error', handler: (error: Error) => void): void;
  on(event: 'opentag' | 'text' | 'closetag', handler: (value: unknown) => void): void;
  write(text: string): void;
}
const { SaxesParser } = createRequire(path)('saxes') as { SaxesParser: new () => SaxesParser };

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Uint8Array | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  parser.on('error', (e) => {
    error = e;
  });
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

require(path);
const cached = require.cache[path];
if (!cached) throw new Error('exceljs parse-sax is not in the module cache');
cached.exports = parseSax;
