// Table tests for the regex builtins (stdlib.md §10): pattern translation and flags, code-point
// offsets, all-matches iteration, replacement strings, splitting and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBuiltins } from "../../src/stdlib/registry.js";
import { display, typeOf } from "../../src/runtime/display.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { translatePattern } from "../../src/stdlib/regex-syntax.js";
import { ResultValue, tagFunction, type AtlasFunction, type Value } from "../../src/runtime/values.js";
import { HashMapValue } from "../../src/stdlib/collections-common.js";

const B = instantiateBuiltins({ writeOut: () => {}, writeErr: () => {}, callSpan: null });

function call(name: string, ...args: Value[]): Value {
  const f = B.get(name);
  assert.ok(typeof f === "function", `no builtin ${name}`);
  return f(...args);
}
const show = (v: Value): string => display(v);
const fn = (f: (...a: Value[]) => Value): AtlasFunction => tagFunction(f, "function", null);
function re(pattern: string, flags?: string): Value {
  const r = flags === undefined ? call("regexNew", pattern) : call("regexNewWithFlags", pattern, flags);
  assert.ok(r instanceof ResultValue && r.isOk, `regex /${pattern}/ failed: ${show(r)}`);
  return r.value;
}
/** A RegexFind/RegexMatch map as `text@start-end` (+ groups). */
function findText(v: Value): string {
  assert.ok(v instanceof HashMapValue);
  const e = v.entries;
  const g = e.has("groups") ? ` ${show(e.get("groups") as Value)}` : "";
  return `${show(e.get("text") as Value)}@${show(e.get("start") as Value)}-${show(e.get("end") as Value)}${g}`;
}
function throwsAt(f: () => unknown, code: string, message: string): void {
  assert.throws(f, (e: unknown) => e instanceof RuntimeError && e.code === code && e.message === message);
}

test("translation: (?P<name>), leading inline flags, x flag, rejected inline groups", () => {
  const cases: [string, string, string][] = [
    // pattern, flags, translated source / flags or error
    ["(?P<year>\\d+)-(\\d+)", "", "(?<year>\\d+)-(\\d+) /"],
    ["(?i)abc", "", "abc /i"],
    ["(?msx) a b # comment\n c", "", "abc /ms"],
    ["(?i)(?m)a", "", "ERR Invalid regular expression: /(?i)(?m)a/: Invalid group"],
    ["a(?i)b", "", "ERR Invalid regular expression: /a(?i)b/: Invalid group"],
    ["(?i:a)", "", "ERR Invalid regular expression: /(?i:a)/: Invalid group"],
    ["(?-i)a", "", "ERR Invalid regular expression: /(?-i)a/: Invalid group"],
    [" a [ b#] \\  \\# c # tail", "x", "a[ b#] #c /"],
    ["a b", "xx", "ab /"],
    ["( ?:a) ( b ) (?P <c>d)", "x", "(?:a)(b)(?<c>d) /"],
    ["a", "g", "ERR Invalid regex flag: 'g'"],
    ["a", "i🌟", "ERR Invalid regex flag: '🌟'"],
    ["[(](?<n>x)\\((?:y)(?=z)(?<=w)(?<!v)", "", "[(](?<n>x)\\((?:y)(?=z)(?<=w)(?<!v) /"],
  ];
  for (const [p, f, want] of cases) {
    const r = translatePattern(p, f);
    const got = r.ok ? `${r.value.source} /${r.value.flags}` : `ERR ${r.error}`;
    assert.equal(got, want, `/${p}/${f}`);
  }
  const t = translatePattern("(a)(?<x>b)(?:c)(?P<y>d)[(]", "");
  assert.ok(t.ok);
  assert.deepEqual(t.value.groupNames, [null, null, "x", "y"]);
});

test("regexNew: Ok / Err with the engine's reason; Display, typeof, toString", () => {
  const r = re("a+(?P<n>b)");
  assert.equal(show(r), "<Regex /a+(?P<n>b)/>");
  assert.equal(typeOf(r), "regex");
  assert.equal(call("toString", r), "[Regex /a+(?P<n>b)/]");
  const errs: [string, string][] = [
    ["(", "Err(Invalid regular expression: /(/: Unterminated group)"],
    ["a{2,1}", "Err(Invalid regular expression: /a{2,1}/: numbers out of order in {} quantifier)"],
    ["\\", "Err(Invalid regular expression: /\\/: \\ at end of pattern)"],
    ["[z-a]", "Err(Invalid regular expression: /[z-a]/: Range out of order in character class)"],
    ["\\-", "Err(Invalid regular expression: /\\-/: Invalid escape)"],
  ];
  for (const [p, want] of errs) assert.equal(show(call("regexNew", p)), want);
  assert.notEqual(re("a"), re("a")); // each call builds a new Regex (identity equality)
});

test("flags: i (Unicode case folding), m, s, x", () => {
  const cases: [string, string, string, boolean][] = [
    ["straße", "i", "STRAßE", true],
    ["é", "i", "É", true],
    ["^b$", "", "a\nb", false],
    ["^b$", "m", "a\nb", true],
    ["a.b", "", "a\nb", false],
    ["a.b", "s", "a\nb", true],
    ["a b c", "x", "abc", true],
    ["(?i)ABC", "", "abc", true],
    ["\\d", "", "٣", false], // \d is ASCII-only
    ["\\bé", "", " é", false], // \b is ASCII-only
  ];
  for (const [p, f, text, want] of cases) assert.equal(call("regexIsMatch", re(p, f), text), want, `/${p}/${f} on ${text}`);
});

test("find / findAll / matchIndices use code-point offsets and §10.3 iteration", () => {
  assert.equal(findText((call("regexFind", re("b+"), "🌟é bb") as { value: Value }).value), "bb@3-5");
  assert.equal(show(call("regexFind", re("x"), "abc")), "None");
  const all = call("regexFindAll", re("a*"), "baaa") as Value[];
  assert.deepEqual(all.map(findText), ["@0-0", "aaa@1-4", "@4-4"]);
  assert.equal(show(call("regexMatchIndices", re(""), "🌟x")), "[[0, 0], [1, 1], [2, 2]]");
  assert.equal(show(call("regexMatchIndices", re("\\p{L}+"), "日本 語🌟x")), "[[0, 2], [3, 4], [5, 6]]");
  assert.equal(show(call("regexFindAll", re("x"), "")), "[]");
  assert.equal(show(call("regexMatchIndices", re("."), "🌟🌟")), "[[0, 1], [1, 2]]");
});

test("captures: groups by number, non-participating groups are null, named in pattern order", () => {
  const r = re("(?P<y>\\d{4})-(?<m>\\d\\d)(x)?");
  assert.equal(show(call("regexCaptures", r, "on 2024-05!")), "Some([2024-05, 2024, 05, null])");
  assert.equal(show(call("regexCaptures", r, "none")), "None");
  const named = call("regexCapturesNamed", r, "2024-05") as { value: Value };
  assert.equal(show(call("hashMapEntries", named.value)), "[[y, 2024], [m, 05]]");
  const opt = call("regexCapturesNamed", re("(?<a>a)|(?<b>b)"), "b") as { value: Value };
  assert.equal(show(call("hashMapEntries", opt.value)), "[[a, null], [b, b]]");
  assert.equal(show(call("regexCapturesNamed", re("(a)"), "a")), "Some(<HashMap size=0>)");
});

test("replacement strings (§10.4) are expanded by the library", () => {
  const r = re("(?<first>\\w)(\\w*)");
  const cases: [string, string][] = [
    ["$2$1", "elloh orldw"],
    ["${first}.", "h. w."],
    ["$$1", "$1 $1"],
    ["$1a", " "], // group "1a" does not exist
    ["${1}a", "ha wa"],
    ["$&-$`-$'", "$&-$`-$' $&-$`-$'"],
    ["${nope}|$9|$", "||$ ||$"],
    ["${first", "${first ${first"],
    ["$0!", "hello! world!"],
    ["${01}", "h w"],
  ];
  for (const [rep, want] of cases) assert.equal(call("regexReplaceAll", r, "hello world", rep), want, rep);
  assert.equal(call("regexReplace", r, "hello world", "<$0>"), "<hello> world");
  assert.equal(call("regexReplace", re("z"), "abc", "$0"), "abc");
  assert.equal(call("regexReplaceAll", re("x*"), "abc", "-"), "-a-b-c-");
  assert.equal(call("regexReplaceAll", re("(a)|b"), "ab", "[$1]"), "[a][]");
});

test("replaceWith / replaceAllWith call f with RegexMatch maps, insert literally", () => {
  const seen: string[] = [];
  const f = fn((m) => {
    seen.push(findText(m));
    return "$1";
  });
  assert.equal(call("regexReplaceAllWith", re("(\\d)"), "é1 2", f), "é$1 $1");
  assert.deepEqual(seen, ["1@1-2 [1, 1]", "2@3-4 [2, 2]"]);
  assert.equal(call("regexReplaceWith", re("\\d"), "a1b2", fn(() => "#")), "a#b2");
  assert.equal(call("regexReplaceWith", re("\\d"), "ab", fn(() => "#")), "ab");
  throwsAt(() => call("regexReplaceWith", re("a"), "a", fn(() => 1)), "AT0102", "regexReplaceWith(): expected string, got number");
  const boom = new RuntimeError("AT0005", "Divide by zero", null);
  assert.throws(() => call("regexReplaceAllWith", re("a"), "a", fn(() => { throw boom; })), (e) => e === boom);
});

test("split / splitN", () => {
  const comma = re(",");
  const cases: [string, Value[], string][] = [
    ["regexSplit", [comma, "a,b,"], "[a, b, ]"],
    ["regexSplit", [comma, ""], "[]"], // one empty piece
    ["regexSplit", [re("(,)"), "a,b"], "[a, b]"],
    ["regexSplit", [re(""), "ab"], "[, a, b, ]"],
    ["regexSplitN", [comma, "a,b,c", 1], "[a, b,c]"],
    ["regexSplitN", [comma, "a,b,c", 2.9], "[a, b, c]"],
    ["regexSplitN", [comma, "a,b,c", 10], "[a, b, c]"],
    ["regexSplitN", [comma, "a,b,c", Infinity], "[a, b, c]"],
    ["regexSplitN", [comma, "a,b,c", 0], "[]"],
    ["regexSplitN", [comma, "a,b,c", -1], "[]"],
    ["regexSplitN", [comma, "a,b,c", NaN], "[]"],
    ["regexSplitN", [comma, "a,b,c", 0.5], "[]"],
  ];
  for (const [name, args, want] of cases) assert.equal(show(call(name, ...args)), want, `${name} ${show(args)}`);
  assert.deepEqual(call("regexSplit", comma, ""), [""]);
});

test("regexEscape and regexTest", () => {
  const special = "\\^$.*+?()[]{}|";
  const escaped = call("regexEscape", special) as string;
  assert.equal(escaped, "\\\\\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|");
  assert.equal(call("regexIsMatch", re(escaped), `x${special}y`), true);
  assert.equal(call("regexEscape", "a-b#c~&/é"), "a-b#c~&/é");
  assert.equal(call("regexTest", "^a+$", "aaa"), true);
  assert.equal(call("regexTest", "(?i)^A$", "a"), true);
  assert.equal(call("regexTest", "(", "("), false);
  assert.equal(call("regexTest", "b", "abc"), true);
  // the compile cache distinguishes (flags, pattern) pairs that concatenate alike
  assert.equal(show(call("regexNewWithFlags", "\u0000x", "i")), "Ok(<Regex /\u0000x/>)");
  assert.equal(show(call("regexNewWithFlags", "x", "i\u0000")), "Err(Invalid regex flag: '\u0000')");
  assert.equal(show(call("regexNewWithFlags", "\u0000x", "i")), "Ok(<Regex /\u0000x/>)");
});

test("ill-typed calls raise AT0102", () => {
  const cases: [string, Value[], string][] = [
    ["regexNew", [1], "regexNew(): expected string, got number"],
    ["regexNewWithFlags", ["a", null], "regexNewWithFlags(): expected string, got null"],
    ["regexIsMatch", ["a", "a"], "regexIsMatch(): expected Regex, got string"],
    ["regexFind", [re("a")], "regexFind(): expected string, got nothing"],
    ["regexSplitN", [re("a"), "a", "1"], "regexSplitN(): expected number, got string"],
    ["regexReplace", [re("a"), "a", 1], "regexReplace(): expected string, got number"],
    ["regexReplaceAllWith", [re("a"), "a", "f"], "regexReplaceAllWith(): expected function, got string"],
    ["regexTest", ["a", 1], "regexTest(): expected string, got number"],
    ["regexEscape", [[]], "regexEscape(): expected string, got array"],
  ];
  for (const [name, args, message] of cases) throwsAt(() => call(name, ...args), "AT0102", message);
});
