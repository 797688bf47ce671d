// Seeded fuzzing of the syntax layer (decodeSource → lexer → parser → dump): 20,000 random and
// mutated inputs built from the spec's example programs. Only AT10xx diagnostics with spans
// inside the file may come out; nothing may throw or report an internal error (AT9995).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeSource } from "../../src/syntax/source.js";
import { parseProgram } from "../../src/syntax/parser.js";
import { lex } from "../../src/syntax/lexer.js";
import { dumpAst } from "../../src/syntax/ast-dump.js";
import { SourceFile } from "../../src/diagnostics/span.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Snippets from language.md §11 and elsewhere in the spec.
const SNIPPETS: string[] = [
  `print(fib(10));
fn fib(n: number) -> number {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}
fn half(n: number) -> number { return n / 2; }
let apply = fn(f: (number) -> number, v: number) -> number { return f(v); };
print(apply(half, 5) + len([3, 4, 8]));`,
  `fn makeCounter() -> () -> number {
    var count = 0;
    return fn() -> number {
        count++;
        return count;
    };
}
let next = makeCounter();
var makers: (() -> number)[] = [];
for (var i = 0; i < 3; i++) {
    push(makers, fn() -> number { return i * 10; });
}
print(map(makers, fn(f) { return f(); }));`,
  `fn position(names: string[], target: string) -> Option<number> {
    for (var i = 0; i < len(names); i++) {
        if (names[i] == target) { return Some(i); }
    }
    return None;
}
let names = ["ada", "grace", "linus"];
for who in ["grace", "bob"] {
    let msg = match position(names, who) {
        Some(i) => who + " is at " + str(i),
        None => who + " is missing",
    };
    print(msg);
}`,
  `fn safeDiv(a: number, b: number) -> Result<number, string> {
    if (b == 0) { return Err("division by zero"); }
    return Ok(a / b);
}
fn compute(a: number, b: number, c: number) -> Result<number, string> {
    let x = safeDiv(a, b)?;
    let y = safeDiv(x, c)?;
    return Ok(x + y);
}`,
  `let scores = [90, 72, 85];
let alias = scores;
alias[1] = 75;
var total = 0;
for s in scores { total += s; }
print([1, 2] == [1, 2]);`,
  `let doc = parseJSON("{\\"name\\": \\"Atlas\\", \\"tags\\": [\\"lang\\", \\"async\\"], \\"version\\": 0.2}");
print(doc["name"].as_string());
print(doc["version"].as_number() * 10);
print(doc["missing"].is_null());`,
  `fn classify(n: number) -> string {
    if (n < 0) { return "negative"; }
    else if (n == 0) { return "zero"; }
    else { return "positive"; }
}
{
    let x = 2;
    print(x);
}
let grade = fn(score: number) -> string {
    return match score {
        100 => "perfect",
        n if n >= 90 => "A",
        80 | 85 => "B",
        _ => "other",
    };
};`,
  `async fn work(name: string, ms: number) -> Future<string> {
    print("start " + name);
    await sleep(ms);
    return name + "!";
}
let pending = [work("slow", 30), work("fast", 10)];
let labels = await futureAll(pending);`,
  `import { a, b, } from "./m";
import * as ns from "../lib.atl";
export fn f<T extends number | string>(x: T) -> T { return x; }
export async fn g() -> Future<null> { }
export let k = 1;
export type Pair<A, B> = { first: A, second: B, };
type F = (number, string,) -> bool | null;
fn isStr(x: unknown) -> bool is x: string { return typeof(x) == "string"; }`,
  `while (true) {
    let m = match await channelReceive(ch) { Some(v) => v, None => { break; } };
    match m { [1 | 2, x] => print(x), [] => {}, _ => { continue; } }
    x -= 1; y *= 2; z /= 3; w %= 4; a[i][j]++; b--;
    ;
}
/* comment */ // line
let e = -!x; let q = (await f())?; let r = await f()?; let s = a.b.c(1)[2]?;
let t = 1e3 + 2.5E-3 + 007 - "esc \\n \\t \\r \\\\ \\"";`,
];

const ATOMS = [
  "let", "var", "fn", "type", "if", "else", "while", "for", "in", "return", "break", "continue", "true", "false",
  "null", "import", "export", "from", "extern", "match", "as", "extends", "is", "async", "await",
  "+", "++", "+=", "-", "--", "-=", "->", "*", "*=", "/", "/=", "%", "%=", "=", "==", "=>", "!", "!=", "<", "<=",
  ">", ">=", "&", "&&", "|", "||", "(", ")", "{", "}", "[", "]", ";", ",", ":", ".", "?", "_",
  "x", "foo", "Some", "None", "Ok", "Err", "number", "string", "Option", "日本", "𝑥", "0", "1.5", "1e400", "1e", "2e+",
  '"s"', '"\\n"', '"\\q"', '"open', "/*", "*/", "//", "\n", " ", "\t", "\r\n", "@", "#", "\u00a0", "\\", "\ufeff", "\ud800",
];

/** ATOMS that lex without error. */
const SAFE_ATOMS = ATOMS.filter((a) => !/^(1e|2e\+|1e400|"\\q"|"open|\/\*|\*\/|\/\/|@|#|\u00a0|\\|\ufeff|\ud800)$/.test(a));

function randomChar(r: () => number): string {
  return String.fromCharCode(r() < 0.8 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 0x3000));
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Token boundaries of `src` (lexer view), used for token-level mutations. */
function tokenRanges(src: string): [number, number][] {
  return lex(new SourceFile("f.atl", src))
    .tokens.slice(0, -1)
    .map((t): [number, number] => [t.start, t.end]);
}

function mutate(r: () => number, src: string): string {
  const n = 1 + Math.floor(r() * 4);
  let s = src;
  for (let k = 0; k < n; k++) {
    // token-level mutations are weighted up: they keep inputs lexically valid more often, so
    // the parser's own diagnostics get exercised, not just lexical errors
    const op = Math.min(Math.floor(r() * 12), 7);
    const at = Math.floor(r() * (s.length + 1));
    if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8)); // delete chars
    else if (op === 1) s = s.slice(0, at) + pick(r, ATOMS) + s.slice(at); // insert atom
    else if (op === 2) s = s.slice(0, at) + randomChar(r) + s.slice(at);
    else if (op === 7) s = s.slice(0, at) + pick(r, SAFE_ATOMS) + " " + s.slice(at); // insert a token
    else {
      const toks = tokenRanges(s);
      if (toks.length < 2) continue;
      const i = Math.floor(r() * (toks.length - 1));
      const [a0, a1] = toks[i];
      const [b0, b1] = toks[i + 1];
      if (op === 3) s = s.slice(0, a0) + s.slice(a1); // delete a token
      else if (op === 4) s = s.slice(0, a0) + s.slice(b0, b1) + s.slice(a1, b0) + s.slice(a0, a1) + s.slice(b1); // swap
      else if (op === 5) s = s.slice(0, a1) + " " + s.slice(a0, a1) + s.slice(a1); // duplicate
      else s = s.slice(0, a0) + pick(r, SAFE_ATOMS) + s.slice(a1); // replace a token
    }
  }
  return s;
}

function randomTokens(r: () => number): string {
  const n = Math.floor(r() * 60);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(pick(r, ATOMS));
  return parts.join(r() < 0.5 ? " " : "");
}

const OPENERS = ["(", "[", "{", "- ", "!", "await ", "f(", "a[", "fn() { ", "match x { _ => ", "if (x) { ", "x = "];

/** Deeply nested input around the nesting limit (§13.1.10), possibly unbalanced. */
function deepNest(r: () => number): string {
  const n = 200 + Math.floor(r() * 150);
  const parts: string[] = ["let v = "];
  for (let i = 0; i < n; i++) parts.push(pick(r, OPENERS));
  parts.push("1");
  for (let i = 0; i < n; i++) parts.push(pick(r, [")", "]", "}", ";", " }", ""]));
  return parts.join("");
}

function randomBytes(r: () => number): Uint8Array {
  const n = Math.floor(r() * 80);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = r() < 0.7 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 256);
  return b;
}

const enc = new TextEncoder();

function checkDiag(d: Diagnostic, text: string, input: string): void {
  assert.match(d.code, /^AT100[0-5]$/, `${d.code} ${d.message} for ${JSON.stringify(input)}`);
  assert.ok(d.span, input);
  assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `span ${d.message} ${JSON.stringify(input)}`);
  assert.ok(d.label === "syntax error" || d.label === "lexer error" || d.label === "comment starts here");
}

function run(bytes: Uint8Array, input: string, repl: boolean): void {
  const { file, diagnostics } = decodeSource(bytes, "f.atl", null);
  for (const d of diagnostics) checkDiag(d, file.text, input);
  const r = parseProgram(file, { repl });
  for (const d of r.diagnostics) checkDiag(d, file.text, input);
  if (r.diagnostics.length === 0) assert.equal(typeof dumpAst(r.program), "string");
}

test("syntax fuzz: 20,000 random and mutated inputs never throw and give only AT10xx", () => {
  const r = prng(0xa71a5);
  const t0 = performance.now();
  for (const s of SNIPPETS) {
    const res = parseProgram(new SourceFile("s.atl", s));
    assert.deepEqual(res.diagnostics.map((d) => d.message), [], s.slice(0, 40));
  }
  for (let i = 0; i < 20_000; i++) {
    const kind = i % 10;
    if (i % 200 === 199) {
      const src = deepNest(r);
      run(enc.encode(src), src, false);
    } else if (kind < 6) {
      const src = mutate(r, pick(r, SNIPPETS));
      run(enc.encode(src), src, r() < 0.2);
    } else if (kind < 8) {
      const src = randomTokens(r);
      run(enc.encode(src), src, r() < 0.5);
    } else if (kind < 9) {
      const src = mutate(r, mutate(r, SNIPPETS.join("\n")));
      run(enc.encode(src), src, false);
    } else {
      const bytes = randomBytes(r);
      run(bytes, `bytes ${Array.from(bytes).join(",")}`, false);
    }
  }
  const ms = performance.now() - t0;
  assert.ok(ms < 60_000, `fuzzing took ${ms} ms`);
});
