// Generates docs/stdlib.md, the user reference of every builtin, from the registry (names and
// signatures) and docs-descriptions.ts (sections and one-line descriptions). `npm run docs`
// runs this file to rewrite it; tests/unit/stdlib-docs.test.ts fails when it is out of date.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTINS, type BuiltinDef } from "./registry.js";
import { DESCRIPTIONS, SECTIONS, type DocSection } from "./docs-descriptions.js";

/** The generated file, relative to the repository root. */
export const STDLIB_DOCS_PATH = "docs/stdlib.md";

const OTHER: DocSection = {
  id: "other",
  title: "Other builtins",
  spec: "their registry entries",
  intro: "Builtins described by their own registry entry (`doc`) without a section in docs-descriptions.ts.",
};

/** A builtin's one-line description: its own `doc`, else the description table's. */
export function describe(def: BuiltinDef): string | undefined {
  return def.doc ?? DESCRIPTIONS.get(def.name)?.doc;
}

/** Names of registered builtins that have no description (the docs test requires none). */
export function missingDescriptions(defs: readonly BuiltinDef[] = BUILTINS): string[] {
  return defs.filter((d) => describe(d) === undefined).map((d) => d.name);
}

/** GitHub-style heading anchor. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
}

/** Text inside a table cell: `|` must be escaped even inside code spans. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** Each overload (` ; `-separated) as its own code span. */
function signatureCell(def: BuiltinDef): string {
  return def.signature
    .split(" ; ")
    .map((s) => cell("`" + s.trim() + "`"))
    .join("<br>");
}

/** Builtins per section: table order within a section, registry order for the rest. */
function bySection(defs: readonly BuiltinDef[]): Map<DocSection, BuiltinDef[]> {
  const out = new Map<DocSection, BuiltinDef[]>();
  for (const s of SECTIONS) out.set(s, []);
  out.set(OTHER, []);
  const registered = new Map(defs.map((d) => [d.name, d]));
  for (const [name, entry] of DESCRIPTIONS) {
    const def = registered.get(name);
    const section = SECTIONS.find((s) => s.id === entry.section);
    if (def !== undefined && section !== undefined) out.get(section)?.push(def);
  }
  for (const d of defs) if (!DESCRIPTIONS.has(d.name)) out.get(OTHER)?.push(d);
  for (const [s, list] of out) if (list.length === 0) out.delete(s);
  return out;
}

const PREAMBLE = `Every builtin below is a global value in every module: no import is needed. Signatures use
Atlas type syntax (stdlib.md §1.2): \`<T>\` declares type parameters, \`name?: T\` is an optional
trailing parameter and \`...rest: T\` a variadic tail; a builtin with several signatures
(overloads) lists each on its own line, and a call uses the first one that accepts its
arguments. The full rules (errors and their codes, edge cases, permissions) are in the
specification sections cited under each heading. Permissions are denied unless granted with
\`--allow-read\`, \`--allow-write\`, \`--allow-net\`, \`--allow-env\`, \`--allow-run\` or \`-A\`.`;

/** The markdown of docs/stdlib.md for the given registry (default: the real one). */
export function generateStdlibDocs(defs: readonly BuiltinDef[] = BUILTINS): string {
  const sections = bySection(defs);
  const out: string[] = [
    "# Atlas standard library reference",
    "",
    "<!-- Generated from the builtin registry by src/stdlib/docgen.ts (`npm run docs`). Do not edit by hand. -->",
    "",
    PREAMBLE,
    "",
    `${defs.length} builtins in ${sections.size} sections:`,
    "",
  ];
  for (const [s, list] of sections) out.push(`- [${s.title}](#${anchor(s.title)}) (${list.length})`);
  for (const [s, list] of sections) {
    out.push("", `## ${s.title}`, "", `${s.intro} (${s.spec})`, "", "| Name | Signature | Description |", "|---|---|---|");
    for (const d of list) {
      const constant = d.constant !== undefined ? " (constant)" : "";
      out.push(`| \`${d.name}\`${constant} | ${signatureCell(d)} | ${cell(describe(d) ?? "**(no description)**")} |`);
    }
  }
  return out.join("\n") + "\n";
}

/** `npm run docs`: rewrites docs/stdlib.md (refuses while a builtin has no description). */
function main(): number {
  const missing = missingDescriptions();
  if (missing.length > 0) {
    process.stderr.write(`docgen: no description for: ${missing.join(", ")}\nAdd them to src/stdlib/docs-descriptions.ts.\n`);
    return 1;
  }
  const file = fileURLToPath(new URL(`../../../${STDLIB_DOCS_PATH}`, import.meta.url));
  writeFileSync(file, generateStdlibDocs());
  process.stdout.write(`docgen: wrote ${STDLIB_DOCS_PATH} (${BUILTINS.length} builtins)\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = main();
