// REPL input completeness (language.md §10.2): an input continues while it has an unclosed
// `(`, `[` or `{` outside strings and comments, or an unterminated string or block comment.
// A tiny scanner of its own, so the REPL front end needs no lexer on the main thread.

/** True when `text` needs more lines before it can be processed. */
export function needsContinuation(text: string): boolean {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      if (i >= n) return true; // unterminated string
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return true; // unterminated block comment
      i = end + 2;
    } else {
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      i++;
    }
  }
  return depth > 0;
}
