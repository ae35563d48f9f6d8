import zlib from 'node:zlib';

/**
 * Workbooks written by hand, part by part, for what exceljs does not write: inline strings, prefixed
 * element names, CDATA, hidden sheets, date cells, a zip that lies about a part's size.
 */

/** A zip of the given files, deflated (or stored); `claimedSize` overrides a file's declared size. */
export function zip(
  files: Record<string, string | Buffer>,
  claimedSize: Record<string, number> = {},
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const packed = zlib.deflateRawSync(data);
    const fileName = Buffer.from(name, 'utf8');
    const size = claimedSize[name] ?? data.length;
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt32LE(0, at + 6); // time and date
      header.writeUInt32LE(zlib.crc32(data), at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(fileName.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface SheetPart {
  name: string;
  xml: string;
  state?: 'hidden' | 'veryHidden';
}

/**
 * An XLSX package of the given sheets (in tab order; `sheet{n}.xml` numbered backwards, as after a person
 * reorders tabs), with shared strings and styles when given.
 */
export function workbook(
  sheets: SheetPart[],
  options: {
    sharedStrings?: string;
    styles?: string;
    date1904?: boolean;
    extra?: Record<string, string>;
  } = {},
): Record<string, string> {
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types/>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  };
  const rels: string[] = [];
  const entries: string[] = [];
  sheets.forEach((sheet, i) => {
    const file = `sheet${sheets.length - i}.xml`;
    files[`xl/worksheets/${file}`] = sheet.xml;
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/${file}"/>`);
    const state = sheet.state ? ` state="${sheet.state}"` : '';
    entries.push(`<sheet name="${sheet.name}" sheetId="${i + 1}"${state} r:id="rId${i + 1}"/>`);
  });
  if (options.sharedStrings !== undefined) {
    files['xl/sharedStrings.xml'] = options.sharedStrings;
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (options.styles !== undefined) {
    files['xl/styles.xml'] = options.styles;
    rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  }
  const properties = options.date1904 ? '<workbookPr date1904="1"/>' : '';
  files['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${properties}<sheets>${entries.join('')}</sheets></workbook>`;
  files['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
  return { ...files, ...options.extra };
}

/** A worksheet part around the given `<row>` elements. */
export const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><dimension ref="A1"/><sheetData>${rows}</sheetData><pageMargins left="0.7"/></worksheet>`;

/** A shared strings part of the given `<si>` contents. */
export const sharedStringsXml = (items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${items.map((i) => `<si>${i}</si>`).join('')}</sst>`;

/** A styles part whose cell style 1 is a date (built-in format 14) and style 2 the custom format given. */
export const stylesXml = (custom: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="${custom}"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
