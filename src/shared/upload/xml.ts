/**
 * A streaming scanner for the two large parts of a workbook, the sheet and its shared strings. They are
 * plain, regular XML written by machines, millions of tags long: a general XML parser spends most of a
 * workbook's reading time on them, where jumping from `<` to `>` with indexOf reads them several times
 * faster. What the scanner knows of XML: tags with quoted attributes (a `>` inside quotes included),
 * self-closing tags, the five named entities and numeric ones, CDATA, comments, processing instructions
 * and a DOCTYPE (skipped: no entity is ever defined by the file). Names keep no namespace prefix.
 */
export interface XmlHandler {
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Entity-decoded text; only asked for while `wantsText` is true. */
  text(text: string): void;
  readonly wantsText: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity] ?? whole;
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** An attribute's value from a tag's text, or undefined. */
export function attribute(tag: string, name: string): string | undefined {
  for (let at = tag.indexOf(name); at !== -1; at = tag.indexOf(name, at + 1)) {
    const before = tag.charCodeAt(at - 1);
    let equals = at + name.length;
    while (tag.charCodeAt(equals) === 0x20) equals += 1;
    // Preceded by a space (not the end of a longer name), followed by `=`.
    if ((before === 0x20 || before === 0x0a || before === 0x09 || before === 0x0d) && tag[equals] === '=') {
      let quote = equals + 1;
      while (tag.charCodeAt(quote) === 0x20) quote += 1;
      const end = tag.indexOf(tag[quote]!, quote + 1);
      return end === -1 ? undefined : decodeEntities(tag.slice(quote + 1, end));
    }
  }
  return undefined;
}

/** Where the tag opened at `from` ends (its `>`, outside quotes), or -1 when the text ends first. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e) {
      return i;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    }
  }
  return -1;
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Markup that is neither a tag nor text, by how it opens and how it closes. */
const SKIPPED: [string, string][] = [
  ['<!--', '-->'],
  ['<?', '?>'],
];

export class XmlScanner {
  private pending = '';

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const text = this.pending.length === 0 ? chunk : this.pending + chunk;
    const { handler } = this;
    let at = 0;
    for (;;) {
      const lt = text.indexOf('<', at);
      // Text runs to the next tag: a run cut at the end of the chunk (perhaps inside an entity) waits for it.
      if (lt === -1) break;
      if (handler.wantsText && lt > at) handler.text(decodeEntities(text.slice(at, lt)));
      at = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        const end = this.special(text, lt);
        if (end === -1) break;
        at = end;
        continue;
      }
      if (next === 0x2f /* / */) {
        // A closing tag has no attributes, so no quote can hide its `>`.
        const end = text.indexOf('>', lt);
        if (end === -1) break;
        at = end + 1;
        handler.close(localName(text.slice(lt + 2, end).trimEnd()));
        continue;
      }
      const end = tagEnd(text, lt);
      if (end === -1) break;
      at = end + 1;
      const selfClosing = text.charCodeAt(end - 1) === 0x2f;
      const tag = text.slice(lt + 1, selfClosing ? end - 1 : end);
      let nameEnd = 0;
      while (nameEnd < tag.length && tag.charCodeAt(nameEnd) > 0x20) nameEnd += 1;
      const name = localName(tag.slice(0, nameEnd));
      handler.open(name, tag, selfClosing);
      if (selfClosing) handler.close(name);
    }
    this.pending = text.slice(at);
  }

  /** A comment, processing instruction, CDATA section or DOCTYPE at `lt`: where it ends, or -1. */
  private special(text: string, lt: number): number {
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end === -1) return -1;
      if (this.handler.wantsText) this.handler.text(text.slice(lt + 9, end));
      return end + 3;
    }
    for (const [open, close] of SKIPPED) {
      if (text.startsWith(open, lt)) {
        const end = text.indexOf(close, lt + open.length);
        return end === -1 ? -1 : end + close.length;
      }
    }
    if (text.length - lt < 9) return -1;
    const end = tagEnd(text, lt);
    return end === -1 ? -1 : end + 1;
  }

  /** The part must not end inside markup. */
  end(): void {
    if (this.pending.includes('<')) throw new Error('the XML ends inside a tag');
    if (this.handler.wantsText && this.pending.length > 0) this.handler.text(decodeEntities(this.pending));
    this.pending = '';
  }
}
