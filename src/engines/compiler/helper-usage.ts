// Records which runtime helpers and builtins generated code touched (design.md R7, Gleam's
// UsageTracker), so the prologue destructures exactly those from `$rt`: `const $add = $rt.add;`.
import type { Prelude } from "./prelude.js";

export type HelperName = Exclude<keyof Prelude, "ctx" | "maxDepth">;

export class HelperUsage {
  private readonly helpers = new Set<HelperName>();
  private readonly builtins = new Map<string, string>();

  /** The JS name of helper `h` (`$add`), recording the use. */
  helper(h: HelperName): string {
    this.helpers.add(h);
    return `$${h}`;
  }

  /** The JS name of builtin `name` (`$b_print`), recording the use. */
  builtin(name: string, jsName: string): string {
    this.builtins.set(name, jsName);
    return jsName;
  }

  usedHelpers(): HelperName[] {
    return [...this.helpers].sort();
  }

  usedBuiltins(): [string, string][] {
    return [...this.builtins].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
