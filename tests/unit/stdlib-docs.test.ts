// docs/stdlib.md is generated from the builtin registry (src/stdlib/docgen.ts): every builtin
// must have a description, and the committed file must equal a fresh generation. After adding
// a builtin: describe it in src/stdlib/docs-descriptions.ts, then `npm run docs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTINS, type BuiltinDef } from "../../src/stdlib/registry.js";
import { DESCRIPTIONS, SECTIONS } from "../../src/stdlib/docs-descriptions.js";
import { generateStdlibDocs, missingDescriptions, STDLIB_DOCS_PATH } from "../../src/stdlib/docgen.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

test("every registered builtin has a one-line description", () => {
  assert.deepEqual(missingDescriptions(), [], "describe these in src/stdlib/docs-descriptions.ts, then run `npm run docs`");
  for (const [name, { doc }] of DESCRIPTIONS) {
    assert.ok(doc.length > 0 && !doc.includes("\n"), `${name}: one non-empty line`);
    assert.match(doc, /[.)]$/, `${name}: a sentence`);
  }
});

test(`${STDLIB_DOCS_PATH} is up to date with the registry`, () => {
  let committed = "";
  try {
    committed = readFileSync(path.join(ROOT, STDLIB_DOCS_PATH), "utf8");
  } catch {
    assert.fail(`${STDLIB_DOCS_PATH} is missing: run \`npm run docs\``);
  }
  assert.ok(committed === generateStdlibDocs(), `${STDLIB_DOCS_PATH} is out of date: run \`npm run docs\` and commit it`);
});

test("the reference lists every builtin once, with its signature, under its section", () => {
  const md = generateStdlibDocs();
  for (const d of BUILTINS) {
    const rows = md.split("\n").filter((l) => l.startsWith(`| \`${d.name}\``));
    assert.equal(rows.length, 1, d.name);
    const first = d.signature.split(" ; ")[0].replace(/\|/g, "\\|");
    assert.ok(rows[0].includes("`" + first + "`"), `${d.name}: signature shown`);
  }
  const headings = md.split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
  const known = SECTIONS.map((s) => s.title);
  assert.deepEqual(headings, known.filter((t) => headings.includes(t)), "sections in document order");
  assert.ok(md.indexOf("| `print`") < md.indexOf("## Strings") && md.indexOf("| `assertEqual`") > md.indexOf("## Testing"));
});

test("generation from a given registry: overloads, escaping, constants, own docs, missing ones", () => {
  const defs: BuiltinDef[] = [
    { name: "len", signature: "(s: string) -> number ; <T>(arr: T[]) -> number", protected: true },
    { name: "PI", signature: "number", protected: false, constant: 3 },
    { name: "toNumber", signature: "(value: number | string | bool) -> number", protected: false },
    { name: "hostThing", signature: "() -> null", protected: false, doc: "Does a host thing." },
    { name: "undocumented", signature: "() -> null", protected: false },
  ];
  const md = generateStdlibDocs(defs);
  assert.ok(md.includes("| `len` | `(s: string) -> number`<br>`<T>(arr: T[]) -> number` | Number of code points"));
  assert.ok(md.includes("| `PI` (constant) | `number` | The constant π. |"));
  assert.ok(md.includes("| `toNumber` | `(value: number \\| string \\| bool) -> number` |"));
  assert.ok(md.includes("## Other builtins"));
  assert.ok(md.includes("| `hostThing` | `() -> null` | Does a host thing. |"));
  assert.ok(md.includes("| `undocumented` | `() -> null` | **(no description)** |"));
  assert.ok(md.includes("- [Core](#core) (1)\n- [Math](#math) (1)\n- [Type predicates and conversions](#type-predicates-and-conversions) (1)"));
  assert.deepEqual(missingDescriptions(defs), ["undocumented"]);
});
