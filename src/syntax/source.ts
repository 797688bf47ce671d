// Turning file bytes into a SourceFile (language.md §2.1, §13.1.9): strict UTF-8 decoding,
// removal of a leading BOM, and AT1001 `Invalid UTF-8 in source` at the first bad byte.
import { SourceFile } from "../diagnostics/span.js";
import { errorDiag, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LEX, LEXER_LABEL } from "./messages.js";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Decodes `bytes` as UTF-8. On invalid input the file text is the lenient decoding (each bad
 * sequence becomes U+FFFD, so snippets still render) and one diagnostic spans the U+FFFD that
 * replaced the first bad byte sequence. Callers must not lex a file that has a diagnostic.
 */
export function decodeSource(
  bytes: Uint8Array,
  path: string,
  absPath: string | null,
): { file: SourceFile; diagnostics: Diagnostic[] } {
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return { file: new SourceFile(path, strict.decode(body), absPath), diagnostics: [] };
  } catch {
    const bad = firstInvalidUtf8(body);
    const file = new SourceFile(path, lenient.decode(body), absPath);
    const start = lenient.decode(body.subarray(0, bad)).length;
    const end = Math.min(start + 1, file.text.length);
    const span = { file, start, end };
    return { file, diagnostics: [errorDiag(LEX.invalidUtf8.code, LEX.invalidUtf8.text, span, { label: LEXER_LABEL })] };
  }
}

function hasBom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * Byte offset where the first ill-formed sequence starts (Unicode Table 3-7, the rules the
 * WHATWG decoder applies), or `bytes.length` when everything is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < n ? bytes[i + k] : -1;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return n;
}
