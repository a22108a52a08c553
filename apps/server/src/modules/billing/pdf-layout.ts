/**
 * Drawing bidirectional text with pdfkit. pdfkit shapes through fontkit (Arabic contextual forms,
 * lam-alef and other ligatures) and fontkit reverses a run it detects as Arabic script, but nothing
 * orders the runs of a mixed line (Persian words, Persian or Latin digits, Latin names). So each line
 * goes through the Unicode Bidirectional Algorithm (bidi-js) and is drawn run by run, left to right
 * in visual order; each run is handed to fontkit in logical order so that it shapes it.
 */
import bidiFactory from 'bidi-js';
import type PDFDocument from 'pdfkit';

const bidi = bidiFactory();
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

type Doc = InstanceType<typeof PDFDocument>;
/** A paragraph's base direction; 'auto' takes that of its first strong letter (for people's own text). */
export type Direction = 'rtl' | 'ltr' | 'auto';

/** The runs of one line in visual (left-to-right) order, each as fontkit must be given it. */
export function visualRuns(text: string, direction: Direction): string[] {
  if (text === '') return [];
  const levels = bidi.getEmbeddingLevels(text, direction);
  const order = bidi.getReorderedIndices(text, levels);
  const runs: string[] = [];
  let i = 0;
  while (i < order.length) {
    const first = order[i] as number;
    const level = levels.levels[first] as number;
    const rtl = level % 2 === 1;
    let j = i + 1;
    while (j < order.length) {
      const k = order[j] as number;
      if (levels.levels[k] !== level || k !== (order[j - 1] as number) + (rtl ? -1 : 1)) break;
      j++;
    }
    const from = rtl ? (order[j - 1] as number) : first;
    const to = rtl ? first : (order[j - 1] as number);
    const logical = text.slice(from, to + 1);
    // fontkit lays out a string whose first scripted character is Arabic right to left (reversing it).
    const fontkitReverses = ARABIC_SCRIPT.test(logical);
    if (rtl && !fontkitReverses) {
      // Neutrals only (spaces, brackets): reverse and mirror them ourselves.
      runs.push(
        [...logical]
          .reverse()
          .map((c) => bidi.getMirroredCharacter(c) ?? c)
          .join(''),
      );
    } else if (!rtl && fontkitReverses) {
      // Persian digits are Arabic script but read left to right: undo fontkit's reversal (digits do not join).
      runs.push([...logical].reverse().join(''));
    } else if (rtl) {
      // pdfkit draws the words of a string separately, left to right: give it one word at a time, last first.
      // Brackets in a right-to-left run are mirrored (fontkit does not).
      const mirrored = [...logical].map((c) => bidi.getMirroredCharacter(c) ?? c).join('');
      runs.push(...mirrored.split(/( +)/).filter(Boolean).reverse());
    } else {
      runs.push(logical);
    }
    i = j;
  }
  return runs;
}

export interface TextBox {
  x: number;
  y: number;
  width: number;
  align: 'left' | 'right' | 'center';
  direction: Direction;
}

/** The width of a line as drawn. */
export function lineWidth(doc: Doc, text: string, direction: Direction): number {
  return visualRuns(text, direction).reduce((sum, run) => sum + doc.widthOfString(run), 0);
}

/** Draws one line (no wrapping) aligned in its box. */
export function drawLine(doc: Doc, text: string, box: TextBox): void {
  const runs = visualRuns(text, box.direction);
  const widths = runs.map((r) => doc.widthOfString(r));
  const total = widths.reduce((a, b) => a + b, 0);
  let x =
    box.align === 'left'
      ? box.x
      : box.align === 'right'
        ? box.x + box.width - total
        : box.x + (box.width - total) / 2;
  runs.forEach((run, n) => {
    doc.text(run, x, box.y, { lineBreak: false });
    x += widths[n] as number;
  });
}

/** Breaks text into lines that fit the width, at spaces, in logical order (each line is then reordered). */
export function wrap(doc: Doc, text: string, width: number, direction: Direction): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && lineWidth(doc, next, direction) > width) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

/** Draws wrapped text; returns the height used. */
export function drawText(doc: Doc, text: string, box: TextBox): number {
  const lineHeight = doc.currentLineHeight(true);
  const lines = wrap(doc, text, box.width, box.direction);
  lines.forEach((line, n) => {
    drawLine(doc, line, { ...box, y: box.y + n * lineHeight });
  });
  return lines.length * lineHeight;
}
