// exceljs with its streaming reader's text decoding mended (xlsx-text.ts, which must run before exceljs
// loads): import ExcelJS from here, not from 'exceljs'.
import './xlsx-text.js';

export { default } from 'exceljs';
