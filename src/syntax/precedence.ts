// Binding-power levels of Atlas operators (language.md §3.2), lowest first. Shared by the
// parser (parse-expr.ts) and the JS printer, so "what binds tighter" is decided in one place.

/**
 * `a || b && c` is `a || (b && c)` because `Prec.And > Prec.Or`. Every binary level is
 * left-associative; prefix (`-e`, `!e`, `await e`) binds looser than postfix (`f(x)`, `a[i]`,
 * `j.m`, `e?`), so `-f(x)` is `-(f(x))` and `await f()?` is `await (f()?)`.
 */
export enum Prec {
  Lowest = 0,
  Or = 1,
  And = 2,
  Equality = 3,
  Comparison = 4,
  Additive = 5,
  Multiplicative = 6,
  Prefix = 7,
  Postfix = 8,
  Primary = 9,
}
