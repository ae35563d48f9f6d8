import { dateText, decodeXmlEscapes, isDateFormat, numberText, serialDate } from './cells.js';
import type { UploadRow } from './source.js';
import type { StringTable } from './strings.js';
import { attribute, type XmlHandler } from './xml.js';

/** Excel's last column, XFD: a reference beyond it is a broken file, not a reason to grow a row. */
const MAX_COLUMNS = 16_384;

/** `AB12` → 27: the column of a cell reference, counted from 0. */
export function columnIndex(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const c = ref.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) break;
    column = column * 26 + (c - 0x40);
    if (column > MAX_COLUMNS) throw new Error(`the cell reference ${ref} is beyond Excel's last column`);
  }
  return column - 1;
}

/** The shared strings part: the text of each `<si>`, its runs joined and its phonetic guides left out. */
export class SharedStrings implements XmlHandler {
  wantsText = false;
  private parts: string[] = [];
  private phonetic = 0;

  constructor(private readonly table: StringTable) {}

  open(name: string): void {
    if (name === 'si') this.parts = [];
    else if (name === 'rPh') this.phonetic += 1;
    else if (name === 't' && this.phonetic === 0) this.wantsText = true;
  }

  close(name: string): void {
    if (name === 't') this.wantsText = false;
    else if (name === 'rPh') this.phonetic -= 1;
    else if (name === 'si') this.table.add(decodeXmlEscapes(this.parts.join('')));
  }

  text(text: string): void {
    this.parts.push(text);
  }
}

/** What a sheet needs from the rest of the workbook. */
export interface SheetContext {
  strings: (index: number) => string;
  /** The number format of a cell style, by the style's index. */
  format: (style: number) => string | undefined;
  date1904: boolean;
}

/** A date cell (`t="d"`) holds ISO 8601 text; it reads like a date from a serial number. */
function isoDateText(value: string): string {
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? value : dateText(date);
}

/**
 * The sheet part: each `<row>` of `<sheetData>` becomes an UploadRow of its cells' text, waiting in `rows`
 * until taken; rows with every cell empty are left out. A row or cell without a reference follows the one
 * before it.
 */
export class SheetRows implements XmlHandler {
  wantsText = false;
  readonly rows: UploadRow[] = [];
  /** The sheet data has ended; the rest of the part is of no interest. */
  done = false;
  private inData = false;
  /** The row being read, or the last one read. */
  line = 0;
  private record: string[] = [];
  private numbers: Map<number, number> | undefined;
  private column = -1;
  private type = '';
  private style = 0;
  private value = '';
  private inline = '';
  private inInline = false;
  private phonetic = 0;
  private readonly dateStyles = new Map<number, boolean>();

  constructor(private readonly context: SheetContext) {}

  open(name: string, tag: string): void {
    if (name === 'sheetData') this.inData = true;
    if (!this.inData) return;
    if (name === 'row') {
      const r = Number(attribute(tag, 'r'));
      this.line = Number.isInteger(r) && r > 0 ? r : this.line + 1;
      this.record = [];
      this.numbers = undefined;
      this.column = -1;
    } else if (name === 'c') {
      const index = columnIndex(attribute(tag, 'r') ?? '');
      this.column = index >= 0 ? index : this.column + 1;
      this.type = attribute(tag, 't') ?? 'n';
      this.style = Number(attribute(tag, 's') ?? 0);
      this.value = '';
      this.inline = '';
    } else if (name === 'v') {
      this.wantsText = true;
    } else if (name === 'is') {
      this.inInline = true;
    } else if (name === 'rPh') {
      this.phonetic += 1;
    } else if (name === 't' && this.inInline && this.phonetic === 0) {
      this.wantsText = true;
    }
  }

  text(text: string): void {
    if (this.inInline) this.inline += text;
    else this.value += text;
  }

  close(name: string): void {
    if (!this.inData) return;
    if (name === 'v' || name === 't') this.wantsText = false;
    else if (name === 'rPh') this.phonetic -= 1;
    else if (name === 'is') this.inInline = false;
    else if (name === 'c') this.record[this.column] = this.cellText().trim();
    else if (name === 'row') this.endRow();
    else if (name === 'sheetData') {
      this.inData = false;
      this.done = true;
    }
  }

  private isDate(style: number): boolean {
    let known = this.dateStyles.get(style);
    if (known === undefined) {
      known = isDateFormat(this.context.format(style));
      this.dateStyles.set(style, known);
    }
    return known;
  }

  private cellText(): string {
    const { value } = this;
    switch (this.type) {
      case 's':
        return value === '' ? '' : this.context.strings(Number(value));
      case 'inlineStr':
        return decodeXmlEscapes(this.inline);
      case 'str':
        return decodeXmlEscapes(value);
      case 'b':
        return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
      case 'd':
        return isoDateText(value.trim());
      case 'e':
        return value;
    }
    const number = value.trim() === '' ? NaN : Number(value);
    if (Number.isNaN(number)) return value;
    if (this.isDate(this.style)) return dateText(serialDate(number, this.context.date1904));
    (this.numbers ??= new Map()).set(this.column, number);
    return numberText(number);
  }

  private endRow(): void {
    const { record } = this;
    let empty = true;
    for (let i = 0; i < record.length; i += 1) {
      if (record[i] === undefined) record[i] = '';
      else if (record[i] !== '') empty = false;
    }
    if (empty) return;
    this.rows.push(
      this.numbers ? { line: this.line, record, numbers: this.numbers } : { line: this.line, record },
    );
  }
}
