// Source files and spans: offset → line:column in Unicode scalar values (language.md §2.1).
// Spans store UTF-16 offsets into SourceFile.text (fast slicing); every user-visible position
// and length is converted to chars (code points) here, and nowhere else.

export class SourceFile {
  /** UTF-16 offset of the first char of each line. */
  private readonly lineStarts: number[];

  /**
   * @param path    the file name as shown in diagnostics (cwd-relative, `/` separators, or `<repl>`)
   * @param text    the source text, BOM already removed
   * @param absPath the canonical absolute path on disk, or null for in-memory sources
   */
  constructor(
    readonly path: string,
    readonly text: string,
    readonly absPath: string | null = null,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /** 0-based line index containing UTF-16 offset `offset`. */
  lineIndex(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Per line: 1 when it holds a surrogate pair (chars ≠ UTF-16 units), filled lazily. */
  private astral: Uint8Array | null = null;

  /** 1-based line and column (column counted in chars) of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    const li = this.lineIndex(offset);
    const start = this.lineStarts[li];
    // O(1) on lines without astral chars, so many diagnostics on one long line stay linear.
    const column = this.lineIsAstral(li) ? countChars(this.text, start, offset) : offset - start;
    return { line: li + 1, column: column + 1 };
  }

  private lineIsAstral(li: number): boolean {
    if (this.astral === null) this.astral = new Uint8Array(this.lineStarts.length);
    let flag = this.astral[li];
    if (flag === 0) {
      const end = li + 1 < this.lineStarts.length ? this.lineStarts[li + 1] : this.text.length;
      flag = 1;
      for (let i = this.lineStarts[li]; i < end; i++) {
        const c = this.text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdfff) {
          flag = 2;
          break;
        }
      }
      this.astral[li] = flag;
    }
    return flag === 2;
  }

  /** Text of 1-based line `line`, without its line break (a `\r` before `\n` is dropped). */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    let end = line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13 && line < this.lineStarts.length) end--;
    return this.text.slice(start, end);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** A half-open range [start, end) of UTF-16 offsets in `file`. */
export interface Span {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

export function span(file: SourceFile, start: number, end: number): Span {
  return { file, start, end };
}

/** Smallest span covering both. */
export function cover(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Number of Unicode scalar values in text[from, to). A surrogate pair counts once. */
export function countChars(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Span length in chars (language.md §8.2 `length`). */
export function spanLength(s: Span): number {
  return countChars(s.file.text, s.start, s.end);
}
