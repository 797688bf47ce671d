// Pattern matching for `match` (language.md §6.10): literals by §6.5 equality against a value of
// the same kind, Some/None/Ok/Err by variant then payload, array patterns by length and
// elements, OR patterns by first matching alternative; bindings go into the arm's frame.
import * as ast from "../../syntax/ast.js";
import { valuesEqual } from "../../runtime/equality.js";
import { OptionValue, ResultValue, type Value } from "../../runtime/values.js";
import { newFrame, type Frame } from "./frames.js";
import { hoist } from "./functions.js";
import type { Interp } from "./state.js";

/** The frame of a match arm (pattern bindings + the arm block's declarations), hoisted. */
export function armFrame(it: Interp, arm: ast.MatchArm, env: Frame): Frame {
  const sc = it.tables.scope(arm);
  if (sc.size === 0) return env;
  const f = newFrame(env, sc.size);
  if (sc.hoisted.length > 0) hoist(it, sc, f);
  return f;
}

export function matchPattern(it: Interp, p: ast.Pattern, v: Value, frame: Frame): boolean {
  switch (p.kind) {
    case "WildcardPattern":
      return true;
    case "BindingPattern":
      frame.slots[it.tables.slot(p)] = v;
      return true;
    case "LiteralPattern":
      return literalMatches(p.value, v);
    case "ConstructorPattern":
      return constructorMatches(it, p, v, frame);
    case "ArrayPattern": {
      if (!Array.isArray(v) || v.length !== p.elements.length) return false;
      for (let i = 0; i < v.length; i++) if (!matchPattern(it, p.elements[i], v[i], frame)) return false;
      return true;
    }
    case "OrPattern":
      for (const alt of p.alternatives) if (matchPattern(it, alt, v, frame)) return true;
      return false;
    default:
      return ast.assertNever(p);
  }
}

/** A literal pattern matches an equal value of the same kind (so never a json value). */
function literalMatches(lit: number | string | boolean | null, v: Value): boolean {
  if (lit === null) return v === null;
  if (typeof lit !== typeof v) return false;
  return valuesEqual(lit, v);
}

function constructorMatches(it: Interp, p: ast.ConstructorPattern, v: Value, frame: Frame): boolean {
  switch (p.name.name) {
    case "None":
      return v instanceof OptionValue && !v.isSome && p.args.length === 0;
    case "Some":
      return v instanceof OptionValue && v.isSome && p.args.length === 1 && matchPattern(it, p.args[0], v.value, frame);
    case "Ok":
      return v instanceof ResultValue && v.isOk && p.args.length === 1 && matchPattern(it, p.args[0], v.value, frame);
    case "Err":
      return v instanceof ResultValue && !v.isOk && p.args.length === 1 && matchPattern(it, p.args[0], v.value, frame);
    default:
      return false;
  }
}
