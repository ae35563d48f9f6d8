/** Strings per block; a block is one flat string, so its strings cost one byte a character, not an object each. */
const BLOCK_BITS = 10;
const BLOCK = 1 << BLOCK_BITS;

/**
 * A workbook's shared strings: the text of nearly every cell of a sheet, each distinct one once, which the
 * sheet refers to by index. Kept as an array of strings they cost some 75 bytes each (160 MB for a
 * 540,000-row list); joined into blocks with the end of each string in a typed array, about the size of
 * their text.
 */
export class StringTable {
  private readonly blocks: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  private ends = new Uint32Array(BLOCK);
  private count = 0;
  private finished = false;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    if (this.finished) throw new Error('a finished string table takes no more strings');
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.pending.push(text);
    this.pendingLength += text.length;
    this.ends[this.count] = this.pendingLength;
    this.count += 1;
    if (this.pending.length === BLOCK) this.seal();
  }

  /** The string at `index`; '' for an index the table does not have (a broken workbook). */
  get(index: number): string {
    if (!(index >= 0 && index < this.count)) return '';
    const block = index >>> BLOCK_BITS;
    const text = block < this.blocks.length ? this.blocks[block]! : this.pending.join('');
    const start = (index & (BLOCK - 1)) === 0 ? 0 : this.ends[index - 1]!;
    return text.slice(start, this.ends[index]);
  }

  /** Joins the last, partly filled block, once every string is added. */
  finish(): void {
    this.seal();
    this.finished = true;
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}
