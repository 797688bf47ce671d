// Operator typing rules (language.md §5.5): binary and unary operators on already-typed
// operands. No traversal here (binary chains are walked iteratively in narrowing.ts).
import type * as ast from "../syntax/ast.js";
import type { Checker } from "./check-context.js";
import * as msg from "./messages-check.js";
import { type Type, T_BOOL, T_ERROR, T_NUMBER, T_STRING, displayType, isAssignable, overlaps } from "./types.js";

/** The type of `a op b` given operand types; reports AT3002 (span: the binary expression). */
export function binaryResult(c: Checker, e: ast.Binary, a: Type, b: Type): Type {
  if (a.kind === "error" || b.kind === "error") return T_ERROR;
  const da = (): string => displayType(a);
  const db = (): string => displayType(b);
  switch (e.op) {
    case "+":
      if (isAssignable(a, T_NUMBER) && isAssignable(b, T_NUMBER)) return T_NUMBER;
      if (isAssignable(a, T_STRING) && isAssignable(b, T_STRING)) return T_STRING;
      c.report(msg.plusOperands(da(), db(), e.span));
      return T_ERROR;
    case "-":
    case "*":
    case "/":
    case "%":
      if (isAssignable(a, T_NUMBER) && isAssignable(b, T_NUMBER)) return T_NUMBER;
      c.report(msg.arithOperands(da(), db(), e.span));
      return T_ERROR;
    case "<":
    case "<=":
    case ">":
    case ">=":
      if (!(isAssignable(a, T_NUMBER) && isAssignable(b, T_NUMBER))) c.report(msg.compareOperands(da(), db(), e.span));
      return T_BOOL;
    case "==":
    case "!=":
      if (!overlaps(a, b)) c.report(msg.equalityOperands(da(), db(), e.span));
      return T_BOOL;
    case "&&":
    case "||":
      if (!(isAssignable(a, T_BOOL) && isAssignable(b, T_BOOL))) c.report(msg.logicalOperands(da(), db(), e.span));
      return T_BOOL;
  }
}

/** `-e` / `!e` given the operand type. */
export function unaryResult(c: Checker, e: ast.Unary, t: Type): Type {
  if (t.kind === "error") return T_ERROR;
  const want = e.op === "-" ? T_NUMBER : T_BOOL;
  if (!isAssignable(t, want)) {
    c.report(msg.unaryOperand(e.op, displayType(t), e.span));
    return T_ERROR;
  }
  return want;
}
