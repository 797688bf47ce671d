// Display (language.md §7) and typeof (§6.1, stdlib.md §2) of every value kind, including the
// own number formatter (§7.1), the JSON number format (stdlib.md §6.1.3) and the path-based
// `[...]` rule for self-containing arrays (§13.3.5). Iterative: no depth can overflow the stack.
import { InternalBug } from "./errors.js";
import { STRING_LIMIT, tooLarge } from "./capacity.js";
import {
  ErrorValue,
  Handle,
  JsonValue,
  OptionValue,
  ResultValue,
  type AtlasFunction,
  type JsonData,
  type Value,
} from "./values.js";

/**
 * Expands JS's exponent notation (`String(n)`) positionally:
 * "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000".
 */
export function positional(s: string): string {
  const e = s.indexOf("e");
  if (e < 0) return s;
  let mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  let sign = "";
  if (mant.startsWith("-")) {
    sign = "-";
    mant = mant.slice(1);
  }
  const dot = mant.indexOf(".");
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const point = (dot < 0 ? mant.length : dot) + exp; // digits before the decimal point
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Display of a number (language.md §7.1): exact integral digits, `-0`, `NaN`, `inf`, `-inf`. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Object.is(n, -0)) return "-0";
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e15) return String(n);
    return BigInt(n).toString();
  }
  return positional(String(n));
}

/**
 * JSON number format (stdlib.md §6.1.3) for a finite number: shortest round-trip digits,
 * positional, `-0` as `-0` (2^64 → "18446744073709552000").
 */
export function formatJsonNumber(n: number): string {
  if (Object.is(n, -0)) return "-0";
  return positional(String(n));
}

/** A JSON string literal with the escaping of stdlib.md §6.1.4 (exactly JSON.stringify's). */
export function jsonQuote(s: string): string {
  return JSON.stringify(s);
}

/** Display text of a function value: `<fn name>`, `<fn anonymous>`, `<builtin name>`. */
export function displayFunction(f: AtlasFunction): string {
  if (f.atlasKind === "builtin") return `<builtin ${f.atlasName ?? "anonymous"}>`;
  return `<fn ${f.atlasName ?? "anonymous"}>`;
}

/** typeof (language.md §6.1). */
export function typeOf(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "number":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "function":
      return v.atlasKind === "builtin" ? "builtin" : "function";
    default:
      break;
  }
  if (Array.isArray(v)) return "array";
  if (v instanceof JsonValue) return "json";
  if (v instanceof OptionValue) return "option";
  if (v instanceof ResultValue) return "result";
  if (v instanceof ErrorValue) return "error";
  if (v instanceof Handle) return v.typeName;
  throw new InternalBug(`typeOf: not an Atlas value: ${String(v)}`);
}

const TYPE_NAMES = new Map<string, string>([
  ["hashmap", "HashMap"],
  ["hashset", "HashSet"],
  ["queue", "Queue"],
  ["stack", "Stack"],
  ["regex", "Regex"],
  ["future", "Future"],
  ["task", "Task"],
  ["channel", "Channel"],
  ["mutex", "Mutex"],
  ["semaphore", "Semaphore"],
  ["timer", "Timer"],
  ["selectcase", "SelectCase"],
  ["taskgroup", "TaskGroup"],
  ["option", "Option"],
  ["result", "Result"],
  ["error", "Error"],
  ["builtin", "function"],
]);

/**
 * The kind of a value as an Atlas type name, for messages such as `Cannot serialize HashMap
 * to JSON` and `toString`'s `[HashMap]`: handle and wrapper kinds by their type name
 * (`HashMap`, `Option`, `Error`, `Future`…), functions and builtins as `function`, other
 * kinds by their typeof name.
 */
export function kindTypeName(v: Value): string {
  const t = typeOf(v);
  return TYPE_NAMES.get(t) ?? t;
}

// ---- Display -------------------------------------------------------------------------------

/** Work items of the iterative printer. */
type Work =
  | { readonly t: "text"; readonly s: string }
  | { readonly t: "value"; readonly v: Value }
  | { readonly t: "leave"; readonly a: Value[] }
  | { readonly t: "json"; readonly j: JsonData };

class Printer {
  private readonly parts: string[] = [];
  private size = 0;
  private readonly stack: Work[] = [];
  /** Arrays on the path from the root to the element being printed (§13.3.5). */
  private readonly ancestors = new Set<Value[]>();

  constructor(private readonly fn: string) {}

  run(root: Value): string {
    this.stack.push({ t: "value", v: root });
    for (let w = this.stack.pop(); w !== undefined; w = this.stack.pop()) {
      switch (w.t) {
        case "text":
          this.emit(w.s);
          break;
        case "value":
          this.value(w.v);
          break;
        case "leave":
          this.ancestors.delete(w.a);
          break;
        case "json":
          this.json(w.j);
          break;
      }
    }
    return this.parts.join("");
  }

  private emit(s: string): void {
    this.size += s.length;
    if (this.size > STRING_LIMIT) throw tooLarge(this.fn, STRING_LIMIT);
    this.parts.push(s);
  }

  private value(v: Value): void {
    if (Array.isArray(v)) return this.array(v);
    if (v instanceof OptionValue) {
      if (!v.isSome) return this.emit("None");
      return this.wrap("Some(", { t: "value", v: v.value });
    }
    if (v instanceof ResultValue) return this.wrap(v.isOk ? "Ok(" : "Err(", { t: "value", v: v.value });
    if (v instanceof JsonValue) return this.json(v.data);
    this.emit(displayScalar(v));
  }

  private wrap(open: string, inner: Work): void {
    this.emit(open);
    this.stack.push({ t: "text", s: ")" }, inner);
  }

  private array(a: Value[]): void {
    if (this.ancestors.has(a)) return this.emit("[...]");
    if (a.length === 0) return this.emit("[]");
    this.emit("[");
    this.ancestors.add(a);
    this.stack.push({ t: "leave", a }, { t: "text", s: "]" });
    for (let i = a.length - 1; i >= 0; i--) {
      this.stack.push({ t: "value", v: a[i] });
      if (i > 0) this.stack.push({ t: "text", s: ", " });
    }
  }

  private json(j: JsonData): void {
    if (j === null) return this.emit("null");
    if (typeof j === "boolean") return this.emit(j ? "true" : "false");
    if (typeof j === "number") return this.emit(formatNumber(j));
    if (typeof j === "string") return this.emit(jsonQuote(j));
    if (Array.isArray(j)) {
      this.emit("[");
      this.stack.push({ t: "text", s: "]" });
      for (let i = j.length - 1; i >= 0; i--) {
        this.stack.push({ t: "json", j: j[i] });
        if (i > 0) this.stack.push({ t: "text", s: ", " });
      }
      return;
    }
    this.emit("{");
    this.stack.push({ t: "text", s: "}" });
    const entries = [...j.entries];
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i];
      this.stack.push({ t: "json", j: x }, { t: "text", s: `${jsonQuote(k)}: ` });
      if (i > 0) this.stack.push({ t: "text", s: ", " });
    }
  }
}

/** Display of a value that has no nested values. */
function displayScalar(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return formatNumber(v);
    case "boolean":
      return v ? "true" : "false";
    case "function":
      return displayFunction(v);
    default:
      break;
  }
  if (v instanceof ErrorValue) return `${v.code}: ${v.message}`;
  if (v instanceof Handle) return v.display();
  throw new InternalBug(`display: not an Atlas value: ${String(v)}`);
}

/**
 * Display(v) (language.md §7). A text longer than the string capacity (stdlib.md §1.9) raises
 * AT0007 `<fn>(): result too large (limit 268435456)`, `fn` naming the builtin that asked.
 */
export function display(v: Value, fn = "str"): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (v === null || typeof v === "boolean" || typeof v === "function") return displayScalar(v);
  return new Printer(fn).run(v);
}
