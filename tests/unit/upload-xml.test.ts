import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dateText,
  decodeXmlEscapes,
  isDateFormat,
  numberText,
  serialDate,
} from '../../src/shared/upload/cells.js';
import { columnIndex, SheetRows } from '../../src/shared/upload/sheet.js';
import { StringTable } from '../../src/shared/upload/strings.js';
import { attribute, decodeEntities, XmlScanner, type XmlHandler } from '../../src/shared/upload/xml.js';

/** Records what the scanner reports, text always asked for. */
class Events implements XmlHandler {
  readonly wantsText = true;
  readonly seen: string[] = [];
  open(name: string, tag: string, selfClosing: boolean) {
    this.seen.push(`<${name}${selfClosing ? '/' : ''} ${tag}>`);
  }
  close(name: string) {
    this.seen.push(`</${name}>`);
  }
  text(text: string) {
    // Text may come in several calls; joined, it is what the document holds.
    const last = this.seen.length - 1;
    if (this.seen[last]?.startsWith('"')) this.seen[last] = `${this.seen[last]!.slice(0, -1)}${text}"`;
    else this.seen.push(`"${text}"`);
  }
}

const scan = (pieces: string[]) => {
  const events = new Events();
  const scanner = new XmlScanner(events);
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return events.seen;
};

const DOCUMENT =
  '<?xml version="1.0"?><!DOCTYPE x><!-- a <comment> --><x:a k="1 > 0" j=\'q"\'><b/>t&amp;u&#233;&#x1F642;' +
  '<![CDATA[<raw> & ]]><c r="A1" t="s">v</c></x:a>';

describe('XmlScanner', () => {
  it('when a document is scanned, then tags, text, entities and CDATA come out and the rest is skipped', () => {
    expect(scan([DOCUMENT])).toEqual([
      '<a x:a k="1 > 0" j=\'q"\'>',
      '<b/ b>',
      '</b>',
      '"t&ué🙂<raw> & "',
      '<c c r="A1" t="s">',
      '"v"',
      '</c>',
      '</a>',
    ]);
  });

  it('property: however the text is cut into pieces, the events are the same', () => {
    const whole = scan([DOCUMENT]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: DOCUMENT.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), DOCUMENT.length];
          const pieces = at.slice(1).map((end, i) => DOCUMENT.slice(at[i], end));
          expect(scan(pieces)).toEqual(whole);
        },
      ),
    );
  });

  it('when the text ends inside a tag, then end() refuses it', () => {
    const scanner = new XmlScanner(new Events());
    scanner.write('<a><b r="1"');
    expect(() => scanner.end()).toThrow('the XML ends inside a tag');
  });

  it('then attributes are found by whole name only, with either quote and entities decoded', () => {
    const tag = 'c spans="1:2" r = \'A&amp;1\' t="s"';
    expect(attribute(tag, 'r')).toBe('A&1');
    expect(attribute(tag, 's')).toBeUndefined();
    expect(attribute(tag, 't')).toBe('s');
    expect(decodeEntities('&lt;&gt;&quot;&apos;&unknown;&#0065;')).toBe('<>"\'&unknown;A');
  });
});

describe('SheetRows', () => {
  it('when a row is read, then its cells land in their columns and holes are empty', () => {
    const rows = new SheetRows({ strings: (i) => `s${i}`, format: () => undefined, date1904: false });
    const scanner = new XmlScanner(rows);
    scanner.write(
      '<sheetData><row r="9"><c r="B9" t="s"><v>4</v></c><c r="D9"><v>12.5</v></c></row><row r="10"><c r="A10"/></row></sheetData>',
    );
    expect(rows.rows).toEqual([{ line: 9, record: ['', 's4', '', '12.5'], numbers: new Map([[3, 12.5]]) }]);
    expect(rows.done).toBe(true);
  });

  it.each([
    ['A1', 0],
    ['Z7', 25],
    ['AA1', 26],
    ['XFD1048576', 16383],
    ['1', -1],
  ])('then the column of %s is %d', (ref, column) => {
    expect(columnIndex(ref)).toBe(column);
  });
});

describe('cell text', () => {
  it.each([
    [1508014203850001, '1508014203850001'],
    [1e21, '1000000000000000000000'],
    [0.1 + 0.2, '0.3'],
    [1.5e-7, '0.00000015'],
    [-8400, '-8400'],
    [2 ** 60, '1152921504606847000'],
  ])('then the number %d reads as %s', (n, text) => {
    expect(numberText(n)).toBe(text);
  });

  it('then serial day numbers read as dates, with a time when there is one', () => {
    expect(dateText(serialDate(46023, false))).toBe('2026-01-01');
    expect(dateText(serialDate(46023.75, false))).toBe('2026-01-01 18:00');
    expect(dateText(serialDate(46023 + 1 / 86400, false))).toBe('2026-01-01 00:00:01');
    expect(dateText(serialDate(44561, true))).toBe('2026-01-01');
  });

  it.each([
    ['mm-dd-yy', true],
    ['d/m/yyyy h:mm', true],
    ['[$-421]dd mmmm yyyy', true],
    ['General', false],
    ['"Rp "#,##0', false],
    ['#,##0.00', false],
    ['0.00E+00', false],
    ['[Red]#,##0', false],
    ['#,##0 "hari"', false],
    [undefined, false],
  ])('then the number format %j is a date: %s', (format, date) => {
    expect(isDateFormat(format)).toBe(date);
  });

  it('then OOXML escapes decode, an escaped underscore included', () => {
    expect(decodeXmlEscapes('a_x000D_b_x005F_x0041_')).toBe('a\rb_x0041_');
  });
});

describe('StringTable', () => {
  it('property: every string added is read back by its index, across blocks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3000 }), (strings) => {
        const table = new StringTable();
        for (const s of strings) table.add(s);
        table.finish();
        expect(table.size).toBe(strings.length);
        strings.forEach((s, i) => expect(table.get(i)).toBe(s));
        expect(table.get(strings.length)).toBe('');
        expect(table.get(-1)).toBe('');
      }),
      { numRuns: 30 },
    );
  });

  it('when a finished table is given another string, then it is a mistake in the code', () => {
    const table = new StringTable();
    table.finish();
    expect(() => table.add('x')).toThrow('a finished string table takes no more strings');
  });
});
