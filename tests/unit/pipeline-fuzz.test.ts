// Seeded fuzzing of the whole front end (decodeSource → lexer → parser → resolver → type
// checker, through compileSource, compileProgram and FrontendSession with the real builtin
// table): 20,000 random and mutated inputs built from the golden corpus, read at test time.
// No internal error may escape: nothing throws, no AT9995, every diagnostic has an ATnnnn code,
// a valid span, phase gating (§8.5) holds, reports are sorted, and a checked program is complete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compileProgram, compileSource, FrontendSession, type CompileResult } from "../../src/check/frontend.js";
import { buildBuiltinTable } from "../../src/check/builtin-types.js";
import { childNodes } from "../../src/check/flow.js";
import { BUILTINS } from "../../src/stdlib/registry.js";
import { SourceFile } from "../../src/diagnostics/span.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { lex } from "../../src/syntax/lexer.js";
import { TokenKind, type Token } from "../../src/syntax/tokens.js";
import type * as ast from "../../src/syntax/ast.js";

const TABLE = buildBuiltinTable(BUILTINS);
/** FUZZ_ITERATIONS / FUZZ_SEED override the defaults for local bug hunting. */
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eeda71a);
/** Corpus files larger than this (the 10,000-term chain programs) are not mutated. */
const MAX_SOURCE = 16_000;

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
type Rng = () => number;

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

// ───────────────────────────── the seed programs ─────────────────────────────

function corpusDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "tests", "corpus");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error("tests/corpus not found");
  }
}

interface Seed {
  /** Path relative to the corpus directory, `/` separators. */
  readonly rel: string;
  readonly text: string;
}

function readCorpus(): Seed[] {
  const root = corpusDir();
  const out: Seed[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) visit(abs);
      else if (name.endsWith(".atl") && statSync(abs).size <= MAX_SOURCE) {
        out.push({ rel: path.relative(root, abs).split(path.sep).join("/"), text: readFileSync(abs, "utf8") });
      }
    }
  };
  visit(root);
  return out;
}

// ───────────────────────────── mutations ─────────────────────────────

const ATOMS = [
  "let", "var", "fn", "async", "await", "type", "if", "else", "while", "for", "in", "return", "break", "continue",
  "match", "import", "export", "from", "true", "false", "null", "extends", "is", "as", "extern",
  "+", "-", "*", "/", "%", "=", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "&", "|", "++", "--", "+=",
  "->", "=>", "(", ")", "[", "]", "{", "}", ";", ",", ":", ".", "?", "_",
  "x", "xs", "f", "g", "Some", "None", "Ok", "Err", "print", "len", "map", "str", "push", "parseJSON",
  "number", "string", "bool", "json", "unknown", "never", "void", "Option", "Result", "Future", "T",
  "0", "1", "2.5", "1e3", '"s"', '""', "[]", "()", "fn(v) { return v; }", "fn(a: number) -> number { return a; }",
  "Some(1)", "None", 'Err("e")', "Ok(1)", "x?", "f()", "xs[0]", "j.as_string()", "isString(x)", "typeof(x)",
];
/** Atoms that are not one token: they keep inputs lexically odd (lexical errors, §8.5 stage 1). */
const ODD = ["@", "#", "\\", '"open', "/*", "*/", "1e", "2e+", "1e400", '"\\q"', "\u00a0", "\ud800", "\ufeff", "𝑥", "日本"];

/** Tokens of `src` (the lexer's view) without the EOF, for token-level mutations. */
function tokensOf(src: string): Token[] {
  return lex(new SourceFile("m.atl", src)).tokens.slice(0, -1);
}

/** Replacements that keep the token's syntactic class, so most inputs still parse. */
const SAME_CLASS: readonly (readonly string[])[] = [
  ["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!=", "&&", "||"],
  ["=", "+=", "-=", "*=", "/=", "%="],
  ["++", "--"],
  ["true", "false", "null", "0", "1", "-1", '"s"', '""', "[]", "[1, 2]", "None", "Some(1)", "Ok(1)", 'Err("e")', "xs", "x"],
  ["let", "var"],
  ["number", "string", "bool", "null", "json", "unknown", "never", "void", "number[]", "Option<number>", "Result<number, string>", "Future<number>", "T", "(number) -> string", "number | string", "HashMap<string, number>"],
];
const BUILTIN_NAMES = ["print", "len", "str", "push", "map", "filter", "reduce", "Some", "None", "Ok", "Err", "parseJSON", "typeof", "isString", "isNumber", "futureResolve", "sleep", "min", "max", "abs", "PI", "split", "join", "sort"];

const TYPE_START = new Set([TokenKind.Colon, TokenKind.Arrow, TokenKind.Lt, TokenKind.Extends, TokenKind.Is]);

/** Replaces one token by another of its class: names by names, literals by values, operators by operators. */
function replaceSameClass(r: Rng, s: string, toks: readonly Token[]): string {
  const i = int(r, 0, toks.length - 1);
  const t = toks[i];
  const prev = i > 0 ? toks[i - 1].kind : TokenKind.EOF;
  let rep: string | null = null;
  if (t.kind === TokenKind.Ident) {
    if (TYPE_START.has(prev)) rep = pick(r, SAME_CLASS[5]);
    else {
      const names = toks.filter((x) => x.kind === TokenKind.Ident).map((x) => x.value);
      rep = r() < 0.6 ? pick(r, names) : pick(r, BUILTIN_NAMES);
    }
  } else if (t.kind === TokenKind.Number || t.kind === TokenKind.String || t.kind === TokenKind.True || t.kind === TokenKind.False || t.kind === TokenKind.Null) {
    rep = pick(r, SAME_CLASS[3]);
  } else {
    for (const cls of [SAME_CLASS[0], SAME_CLASS[1], SAME_CLASS[2], SAME_CLASS[4]]) if (cls.includes(s.slice(t.start, t.end))) rep = pick(r, cls);
  }
  return rep === null ? s : s.slice(0, t.start) + rep + s.slice(t.end);
}

/** Line-level edits: whole lines are often whole statements. */
function mutateLines(r: Rng, s: string, seeds: readonly Seed[]): string {
  const lines = s.split("\n");
  const i = int(r, 0, lines.length - 1);
  const j = int(r, 0, lines.length - 1);
  switch (int(r, 0, 3)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[j]);
      break;
    case 2:
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    default: {
      const other = pick(r, seeds).text.split("\n");
      const k = int(r, 0, other.length - 1);
      lines.splice(i, 0, ...other.slice(k, k + int(r, 1, 4)));
    }
  }
  return lines.join("\n");
}

function mutateOnce(r: Rng, s: string, seeds: readonly Seed[]): string {
  // Weights: 12/32 syntax-level edits, 15/32 same-class replacements, 5/32 line edits.
  const op = int(r, 0, 31);
  const at = int(r, 0, s.length);
  if (op >= 12) {
    const toks = tokensOf(s);
    if (toks.length === 0) return pick(r, ATOMS);
    return op < 27 ? replaceSameClass(r, s, toks) : mutateLines(r, s, seeds);
  }
  switch (op) {
    case 0:
      return s.slice(0, at) + s.slice(at + int(r, 1, 12)); // delete characters
    case 1:
      return s.slice(0, at) + String.fromCharCode(r() < 0.8 ? int(r, 32, 126) : int(r, 0, 0xffff)) + s.slice(at);
    case 2:
      return s.slice(0, at) + pick(r, ODD) + s.slice(at);
    case 3: {
      // splice a fragment of another program
      const other = pick(r, seeds).text;
      const from = int(r, 0, other.length);
      return s.slice(0, at) + other.slice(from, from + int(r, 1, 200)) + s.slice(at);
    }
    default: {
      const toks = tokensOf(s);
      if (toks.length < 2) return s + " " + pick(r, ATOMS);
      const i = int(r, 0, toks.length - 2);
      const a = toks[i];
      const b = toks[i + 1];
      if (op === 4) return s.slice(0, a.start) + s.slice(a.end); // delete a token
      if (op === 5) return s.slice(0, a.end) + " " + s.slice(a.start, a.end) + s.slice(a.end); // duplicate
      if (op === 6) return s.slice(0, a.start) + s.slice(b.start, b.end) + s.slice(a.end, b.start) + s.slice(a.start, a.end) + s.slice(b.end); // swap
      if (op === 7) return s.slice(0, a.start) + pick(r, ATOMS) + s.slice(a.end); // replace
      if (op === 8) {
        // duplicate a run of tokens
        const end = toks[Math.min(toks.length - 1, i + int(r, 1, 12))].end;
        return s.slice(0, end) + " " + s.slice(a.start, end) + s.slice(end);
      }
      return s.slice(0, a.start) + pick(r, ATOMS) + " " + s.slice(a.start); // insert a token
    }
  }
}

function mutate(r: Rng, s: string, seeds: readonly Seed[], max = 4): string {
  const n = int(r, 1, max);
  for (let k = 0; k < n; k++) s = mutateOnce(r, s, seeds);
  return s;
}

/** Wrappers for deep nesting; most are valid so the nest reaches the resolver and checker. */
const WRAPPERS: readonly [string, string][] = [
  ["(", ")"], ["[", "]"], ["- ", ""], ["!", ""], ["await ", ""], ["Some(", ")"], ["str(", ")"],
  ["[", "][0]"], ["fn() { return ", "; }()"], ["fn(v: number) -> number { return ", "; }(1)"],
  ["match 1 { _ => ", " }"], ["match x { Some(v) => ", ", None => 0 }"], ["print(", ")"],
  ["map([1], fn(v) { return ", "; })"], ["futureResolve(", ")"], ["(await ", ")"], ["len(", ")"],
];
const STMT_WRAPPERS: readonly [string, string][] = [
  ["{ ", " }"], ["if (true) { ", " }"], ["while (false) { ", " }"], ["for v in [1] { ", " }"],
  ["fn f() { ", " }"], ["let g = fn() { ", " };"], ["match 1 { _ => { ", " } }"], ["for (var i = 0; i < 1; i++) { ", " }"],
];

/** A balanced nest of 150–300 levels (sometimes past the limit of 256, §13.1.10). */
function deepNest(r: Rng): string {
  const depth = int(r, 150, 300);
  const stmt = r() < 0.4;
  const ws = stmt ? STMT_WRAPPERS : WRAPPERS;
  const chosen: [string, string][] = [];
  for (let i = 0; i < depth; i++) chosen.push(pick(r, ws));
  const inner = stmt ? "print(1);" : pick(r, ["1", "x", '"s"', "[]", "None", "fn(v) { return v; }"]);
  const body = chosen.map((w) => w[0]).join("") + inner + chosen.map((w) => w[1]).reverse().join("");
  return stmt ? body : `let x = Some(1);\nlet deep = ${body};\n`;
}

/** A flat chain of 50–2,000 items (binary operators, postfix operators, else-ifs, statements). */
function longChain(r: Rng): string {
  const n = int(r, 50, 2000);
  const rep = (s: string, sep = ""): string => Array(n).fill(s).join(sep);
  switch (int(r, 0, 7)) {
    case 0:
      return `let a = 1;\nlet b = ${rep("a", pick(r, [" + ", " * ", " - ", " < ", " == ", " && ", " || ", " % "]))};\n`;
    case 1:
      return `let j = parseJSON("{}");\nlet k = j${rep(pick(r, ['["k"]', "[0]", ".as_string()", ".is_null"]))};\n`;
    case 2:
      return `fn f() -> never { while (true) { } }\nlet z = f${rep(pick(r, ["()", "[0]", "?", ".m()"]))};\n`;
    case 3:
      return `let a = 1;\nif (a == 0) { }${rep(" else if (a == 1) { print(a); }")} else { }\n`;
    case 4:
      return `let xs = [${rep("1", ", ")}];\n`;
    case 5:
      return `let m = match 1 { ${rep("1 => 2", ", ")}, _ => 0 };\n`;
    case 6:
      return rep("print(1);\n");
    default:
      return `let s = ${rep('"a"', " + ")};\n`;
  }
}

const enc = new TextEncoder();
const BAD_BYTES: readonly number[][] = [
  [0xff], [0xc0, 0xaf], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98],
  [0xef, 0xbb, 0xbf], [0x00], [0xc3, 0xa9], [0xf0, 0x9f, 0x98, 0x80],
];

/** A program's bytes with random bytes (often invalid UTF-8) spliced in. */
function corruptBytes(r: Rng, text: string): Uint8Array {
  const bytes = Array.from(enc.encode(text));
  const n = int(r, 1, 3);
  for (let k = 0; k < n; k++) {
    const at = int(r, 0, bytes.length);
    const ins = r() < 0.6 ? pick(r, BAD_BYTES) : Array.from({ length: int(r, 1, 6) }, () => int(r, 0, 255));
    bytes.splice(at, r() < 0.3 ? 1 : 0, ...ins);
  }
  if (r() < 0.1) bytes.unshift(0xef, 0xbb, 0xbf);
  return Uint8Array.from(bytes);
}

// ───────────────────────────── invariants ─────────────────────────────

const STAGE1 = /^AT(100[0-5]|500[1-3])$/;
const STAGE2 = /^AT(1012|2002|2003|500[6-9])$/;
const STAGE3 = /^AT(3\d{3}|9999)$/;
const WARNINGS = /^AT(2001|2002|2010)$/;

function describe(input: string): string {
  return input.length > 600 ? JSON.stringify(input.slice(0, 600)) + "…" : JSON.stringify(input);
}

function checkDiagnostic(d: Diagnostic, files: ReadonlySet<SourceFile> | null, input: string): void {
  const where = `${d.code} ${d.message} for ${describe(input)}`;
  assert.match(d.code, /^AT\d{4}$/, where);
  assert.notEqual(d.code, "AT9995", where);
  assert.ok(d.severity === "error" || d.severity === "warning", where);
  assert.ok(d.message.length > 0 && typeof d.label === "string", where);
  assert.ok(d.span !== null, `no span: ${where}`);
  const { file, start, end } = d.span;
  if (files !== null) assert.ok(files.has(file), `span in a foreign file: ${where}`);
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `span ${start}-${end}: ${where}`);
  assert.ok(start >= 0 && start <= end && end <= file.text.length, `span ${start}-${end}: ${where}`);
  for (const rel of d.related) assert.ok(rel.span.start >= 0 && rel.span.start <= rel.span.end && rel.span.end <= rel.span.file.text.length, where);
  if (d.severity === "warning") assert.match(d.code, WARNINGS, where);
}

/** §8.5: one stage's errors only; lexical and syntax errors of a file never mix; sorted. */
function checkReport(ds: readonly Diagnostic[], input: string): void {
  const errors = ds.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    const stage = [STAGE1, STAGE2, STAGE3].findIndex((re) => re.test(errors[0].code));
    const codes = errors.map((d) => d.code).join(" ");
    const inStage = (d: Diagnostic): boolean =>
      stage === 0 ? STAGE1.test(d.code) : stage === 1 ? STAGE2.test(d.code) : STAGE3.test(d.code);
    assert.ok(stage >= 0 && errors.every(inStage), `mixed phases ${codes} for ${describe(input)}`);
    if (stage < 2) assert.ok(ds.every((d) => d.severity === "error"), `warnings with stage ${stage + 1} errors: ${describe(input)}`);
    const lexical = new Set(errors.filter((d) => d.label === "lexer error" || d.label === "comment starts here").map((d) => d.span?.file));
    for (const d of errors) {
      if (d.label === "syntax error") assert.ok(!lexical.has(d.span?.file), `syntax errors after lexical errors: ${describe(input)}`);
    }
  }
  for (let i = 1; i < ds.length; i++) {
    const a = ds[i - 1];
    const b = ds[i];
    const rank = (d: Diagnostic): number => (d.severity === "error" ? 0 : 1);
    if (rank(a) !== rank(b)) {
      assert.ok(rank(a) < rank(b), `warning before error: ${describe(input)}`);
      continue;
    }
    const fa = a.span?.file.path ?? "";
    const fb = b.span?.file.path ?? "";
    if (fa !== fb) {
      assert.ok(fa < fb, `files out of order: ${describe(input)}`);
      continue;
    }
    assert.ok(positionOf(a) <= positionOf(b), `unsorted: ${describe(input)}`);
  }
}

function positionOf(d: Diagnostic): number {
  if (!d.span) return 0;
  const p = d.span.file.position(d.span.start);
  return p.line * 1e7 + p.column;
}

/** A checked program is complete: every expression is typed, every identifier resolved. */
function checkProgramComplete(res: CompileResult, input: string): void {
  const prog = res.program;
  if (prog === null) {
    assert.ok(res.diagnostics.some((d) => d.severity === "error"), `no program and no error: ${describe(input)}`);
    return;
  }
  assert.ok(res.diagnostics.every((d) => d.severity === "warning"), describe(input));
  for (const m of prog.modules) {
    const stack: ast.Node[] = [m.ast];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.kind === "Ident") assert.ok(prog.refs.has(n), `unresolved '${n.name}' in ${describe(input)}`);
      if (isExpr(n) && !prog.types.has(n)) assert.fail(`untyped ${n.kind} at ${n.span.start} in ${describe(input)}`);
      if (n.kind === "FnDecl" || n.kind === "FnExpr" || n.kind === "ForIn" || n.kind === "For" || n.kind === "MatchArm") {
        assert.ok(prog.scopes.has(n), `no scope for ${n.kind} in ${describe(input)}`);
      }
      if (n.kind === "VarDecl" || n.kind === "ForIn") assert.ok(prog.decls.has(n), `no binding for ${n.kind} in ${describe(input)}`);
      for (const k of childNodes(n)) stack.push(k);
    }
  }
}

const EXPR_KINDS = new Set([
  "NumberLit", "StringLit", "BoolLit", "NullLit", "Ident", "ArrayLit", "Paren", "Unary", "Await",
  "Binary", "Call", "Index", "Member", "Try", "Match", "FnExpr",
]);

function isExpr(n: ast.Node): n is ast.Expr {
  return EXPR_KINDS.has(n.kind);
}

/** Outcome counts (printed with FUZZ_STATS=1): how far inputs get through the pipeline. */
const STATS = new Map<string, number>();

function countOutcome(res: CompileResult): void {
  const first = res.diagnostics.find((d) => d.severity === "error");
  const stage = !first ? "checked" : STAGE1.test(first.code) ? "stage1" : STAGE2.test(first.code) ? "stage2" : "stage3";
  STATS.set(stage, (STATS.get(stage) ?? 0) + 1);
}

function checkResult(res: CompileResult, files: ReadonlySet<SourceFile> | null, input: string): void {
  countOutcome(res);
  for (const d of res.diagnostics) checkDiagnostic(d, files, input);
  checkReport(res.diagnostics, input);
  checkProgramComplete(res, input);
}

// ───────────────────────────── drivers ─────────────────────────────

function runSource(src: string, repl: boolean): void {
  const res = compileSource(src, "<input>", TABLE, { repl });
  checkResult(res, null, src);
}

/** Serves the corpus (with `entry` replaced by `bytes`) as an in-memory file system. */
function runProgram(seeds: readonly Seed[], entry: Seed, bytes: Uint8Array, input: string): void {
  const files = new Map<string, Uint8Array>();
  const dir = path.posix.dirname(entry.rel);
  for (const s of seeds) if (path.posix.dirname(s.rel) === dir || s.rel.startsWith(dir + "/")) files.set("/c/" + s.rel, enc.encode(s.text));
  files.set("/c/" + entry.rel, bytes);
  const host = {
    readFile: (p: string): Uint8Array | null => files.get(p) ?? null,
    realpath: (p: string): string | null => (files.has(path.posix.normalize(p)) ? path.posix.normalize(p) : null),
    displayPath: (p: string): string => path.posix.relative("/c/" + dir, p),
  };
  const res = compileProgram("/c/" + entry.rel, host, TABLE);
  checkResult(res, null, input);
}

function runSession(r: Rng, seeds: readonly Seed[]): void {
  const s = new FrontendSession(TABLE);
  const n = int(r, 2, 5);
  for (let i = 0; i < n; i++) {
    const src = mutate(r, pick(r, seeds).text, seeds, 2);
    const res = r() < 0.2 ? s.checkInput(src, "<repl>") : s.addInput(src, "<repl>");
    checkResult(res, null, src);
  }
  if (r() < 0.3) s.reset();
  assert.ok(Array.isArray(s.globals()));
}

function randomTokens(r: Rng): string {
  const parts: string[] = [];
  const n = int(r, 0, 60);
  for (let i = 0; i < n; i++) parts.push(r() < 0.95 ? pick(r, ATOMS) : pick(r, ODD));
  return parts.join(r() < 0.7 ? " " : "");
}

test("pipeline fuzz: 20,000 random and mutated inputs never leak an internal error", () => {
  const seeds = readCorpus();
  assert.ok(seeds.length > 100, `only ${seeds.length} corpus programs found`);
  const programs = seeds.filter((s) => !path.posix.basename(s.rel).startsWith("_"));
  const r = prng(SEED);
  // CPU time, not wall time: the bound must hold on a loaded machine too.
  const t0 = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = pick(r, programs);
    const k = i % 20;
    if (k < 9) {
      runSource(mutate(r, seed.text, seeds), r() < 0.5);
    } else if (k < 11) {
      const text = mutate(r, seed.text, seeds, 2);
      const at = text.lastIndexOf("\n", int(r, 0, text.length));
      runSource(text.slice(0, at + 1) + deepNest(r) + text.slice(at + 1), false);
    } else if (k < 12) {
      runSource(longChain(r) + (r() < 0.5 ? mutate(r, seed.text, seeds, 1) : ""), r() < 0.5);
    } else if (k < 14) {
      const text = mutate(r, seed.text, seeds, 2);
      runProgram(seeds, seed, enc.encode(text), text);
    } else if (k < 16) {
      const bytes = corruptBytes(r, r() < 0.8 ? seed.text : mutate(r, seed.text, seeds, 2));
      runProgram(seeds, seed, bytes, `bytes of ${seed.rel}: ${Array.from(bytes.slice(0, 200)).join(",")}`);
    } else if (k < 17) {
      runSession(r, seeds);
    } else if (k < 19) {
      runSource(randomTokens(r), r() < 0.5);
    } else {
      const bytes = Uint8Array.from({ length: int(r, 0, 120) }, () => (r() < 0.7 ? int(r, 32, 126) : int(r, 0, 255)));
      runProgram(seeds, seed, bytes, `bytes ${Array.from(bytes).join(",")}`);
    }
  }
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  if (process.env.FUZZ_STATS) console.log(`${Math.round(ms)} ms CPU`, Object.fromEntries(STATS));
  assert.ok(ms < 60_000 * (ITERATIONS / 20_000), `fuzzing took ${Math.round(ms)} ms of CPU time`);
});
