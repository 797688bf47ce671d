// Pattern tests of `match` (language.md §6.10) as JS expressions over a subject that may be read
// any number of times: literals by §6.5 equality against a value of the same kind (for a
// primitive literal that is `===`), Some/None/Ok/Err by variant then payload, array patterns by
// length then elements, OR patterns by first matching alternative; bindings are assigned as the
// test proceeds (`(x = $m.value, true)`).
import * as ast from "../../syntax/ast.js";
import type { Binding } from "../../check/program.js";
import type { Gen } from "./codegen-context.js";
import { assign, bin, call, dot, index, lit, num, seq, str, type JSExpr } from "./js-ast.js";

/** Bindings introduced by a pattern, in source order (each once, even across OR branches). */
export function patternBindings(g: Gen, p: ast.Pattern): Binding[] {
  const out: Binding[] = [];
  const seen = new Set<Binding>();
  const stack: ast.Pattern[] = [p];
  while (stack.length > 0) {
    const n = stack.pop() as ast.Pattern;
    switch (n.kind) {
      case "BindingPattern": {
        const b = g.decl(n);
        if (!seen.has(b)) {
          seen.add(b);
          out.push(b);
        }
        break;
      }
      case "ConstructorPattern":
        for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]);
        break;
      case "ArrayPattern":
        for (let i = n.elements.length - 1; i >= 0; i--) stack.push(n.elements[i]);
        break;
      case "OrPattern":
        for (let i = n.alternatives.length - 1; i >= 0; i--) stack.push(n.alternatives[i]);
        break;
      default:
        break;
    }
  }
  return out;
}

export function genPatternTest(g: Gen, p: ast.Pattern, v: JSExpr): JSExpr {
  switch (p.kind) {
    case "WildcardPattern":
      return lit(true);
    case "BindingPattern":
      return seq([assign(g.bindingRef(g.decl(p)), v), lit(true)]);
    case "LiteralPattern":
      return bin("===", v, literal(p.value));
    case "ConstructorPattern":
      return constructorTest(g, p, v);
    case "ArrayPattern": {
      let t: JSExpr = bin("&&", call(g.helper("isArray"), [v]), bin("===", dot(v, "length"), num(p.elements.length)));
      for (let i = 0; i < p.elements.length; i++) {
        const el = p.elements[i];
        if (el.kind === "WildcardPattern") continue;
        t = bin("&&", t, genPatternTest(g, el, index(v, num(i))));
      }
      return t;
    }
    case "OrPattern": {
      let t = genPatternTest(g, p.alternatives[0], v);
      for (let i = 1; i < p.alternatives.length; i++) t = bin("||", t, genPatternTest(g, p.alternatives[i], v));
      return t;
    }
    default:
      return ast.assertNever(p);
  }
}

function literal(v: number | string | boolean | null): JSExpr {
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return str(v);
  return lit(v);
}

function constructorTest(g: Gen, p: ast.ConstructorPattern, v: JSExpr): JSExpr {
  const isOpt = bin("instanceof", v, g.helper("OptionValue"));
  const isRes = bin("instanceof", v, g.helper("ResultValue"));
  const payload = (): JSExpr => {
    const inner = p.args[0];
    return inner.kind === "WildcardPattern" ? lit(true) : genPatternTest(g, inner, dot(v, "value"));
  };
  switch (p.name.name) {
    case "None":
      return p.args.length === 0 ? bin("&&", isOpt, bin("===", dot(v, "isSome"), lit(false))) : lit(false);
    case "Some":
      return p.args.length === 1 ? bin("&&", bin("&&", isOpt, dot(v, "isSome")), payload()) : lit(false);
    case "Ok":
      return p.args.length === 1 ? bin("&&", bin("&&", isRes, dot(v, "isOk")), payload()) : lit(false);
    case "Err":
      return p.args.length === 1 ? bin("&&", bin("&&", isRes, bin("===", dot(v, "isOk"), lit(false))), payload()) : lit(false);
    default:
      return lit(false);
  }
}
