// The Atlas AST (language.md §3.1): plain data, discriminated unions on `kind`, every node
// with a span. No methods, no classes; types and bindings live in side tables (check/).
import type { Span } from "../diagnostics/span.js";

/** A name occurrence that is not an expression: declared names, params, members, import names. */
export interface Name {
  kind: "Name";
  span: Span;
  name: string;
}

// ───────────────────────────── program and statements ─────────────────────────────

export interface Program {
  kind: "Program";
  span: Span;
  body: Stmt[];
}

export type Stmt =
  | VarDecl
  | FnDecl
  | If
  | While
  | For
  | ForIn
  | Return
  | Break
  | Continue
  | Block
  | Empty
  | ExprStmt
  | Assign
  | CompoundAssign
  | IncDec
  | Import
  | Export
  | TypeAlias;

/** `let x: T = e;` / `var x = e;` (also a for-loop initializer, then without `;` in its span). */
export interface VarDecl {
  kind: "VarDecl";
  span: Span;
  mutable: boolean;
  name: Name;
  type: TypeExpr | null;
  init: Expr;
}

export interface TypeParam {
  kind: "TypeParam";
  span: Span;
  name: Name;
  bound: TypeExpr | null;
}

export interface Param {
  kind: "Param";
  span: Span;
  name: Name;
  /** Always present for named functions; may be null in function expressions. */
  type: TypeExpr | null;
}

/** `fn isStr(x: unknown) -> bool is x: string { … }` */
export interface TypePredicate {
  kind: "TypePredicate";
  span: Span;
  param: Name;
  type: TypeExpr;
}

/** `[async] fn name<T>(a: T) -> R [is a: X] { … }` */
export interface FnDecl {
  kind: "FnDecl";
  span: Span;
  isAsync: boolean;
  name: Name;
  typeParams: TypeParam[];
  params: Param[];
  returnType: TypeExpr | null;
  predicate: TypePredicate | null;
  body: Block;
}

/** `if (c) { … } else if (d) { … } else { … }` */
export interface If {
  kind: "If";
  span: Span;
  cond: Expr;
  then: Block;
  else: Block | If | null;
}

export interface While {
  kind: "While";
  span: Span;
  cond: Expr;
  body: Block;
}

/** `for (init; cond; step) body`; init is a var head or a simple statement. */
export interface For {
  kind: "For";
  span: Span;
  init: VarDecl | SimpleStmt | null;
  cond: Expr | null;
  step: SimpleStmt | null;
  body: Block;
}

export interface ForIn {
  kind: "ForIn";
  span: Span;
  name: Name;
  iterable: Expr;
  body: Block;
}

export interface Return {
  kind: "Return";
  span: Span;
  value: Expr | null;
}

export interface Break {
  kind: "Break";
  span: Span;
}

export interface Continue {
  kind: "Continue";
  span: Span;
}

/** `{ stmt* }`: a block statement, a function body, a branch, a loop body or an arm body. */
export interface Block {
  kind: "Block";
  span: Span;
  body: Stmt[];
}

/** A lone `;`. */
export interface Empty {
  kind: "Empty";
  span: Span;
}

/** `e;` (the span includes the `;`). A statement-level `match` may omit the `;`. */
export interface ExprStmt {
  kind: "ExprStmt";
  span: Span;
  expr: Expr;
}

/** Assignment targets: an identifier or an index expression (language.md §3.3.4). */
export type Target = Ident | Index;

export interface Assign {
  kind: "Assign";
  span: Span;
  target: Target;
  value: Expr;
}

export type CompoundOp = "+=" | "-=" | "*=" | "/=" | "%=";

export interface CompoundAssign {
  kind: "CompoundAssign";
  span: Span;
  op: CompoundOp;
  target: Target;
  value: Expr;
}

export interface IncDec {
  kind: "IncDec";
  span: Span;
  op: "++" | "--";
  target: Target;
}

export type SimpleStmt = ExprStmt | Assign | CompoundAssign | IncDec;

/** `import { a, b } from "./m";` or `import * as ns from "./m";` (the latter is AT5007). */
export interface Import {
  kind: "Import";
  span: Span;
  names: Name[];
  namespace: Name | null;
  /** The specifier string literal. */
  source: StringLit;
}

export interface Export {
  kind: "Export";
  span: Span;
  decl: FnDecl | VarDecl | TypeAlias;
}

export interface TypeAlias {
  kind: "TypeAlias";
  span: Span;
  name: Name;
  typeParams: TypeParam[];
  type: TypeExpr;
}

// ───────────────────────────── expressions ─────────────────────────────

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | NullLit
  | Ident
  | ArrayLit
  | Paren
  | Unary
  | Await
  | Binary
  | Call
  | Index
  | Member
  | Try
  | Match
  | FnExpr;

export interface NumberLit {
  kind: "NumberLit";
  span: Span;
  value: number;
  raw: string;
}

export interface StringLit {
  kind: "StringLit";
  span: Span;
  value: string;
}

export interface BoolLit {
  kind: "BoolLit";
  span: Span;
  value: boolean;
}

export interface NullLit {
  kind: "NullLit";
  span: Span;
}

export interface Ident {
  kind: "Ident";
  span: Span;
  name: string;
}

export interface ArrayLit {
  kind: "ArrayLit";
  span: Span;
  elements: Expr[];
}

/** `(e)`: kept so that `(x) = 1` can be rejected and spans stay exact. */
export interface Paren {
  kind: "Paren";
  span: Span;
  expr: Expr;
}

export interface Unary {
  kind: "Unary";
  span: Span;
  op: "-" | "!";
  operand: Expr;
}

export interface Await {
  kind: "Await";
  span: Span;
  operand: Expr;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&&" | "||";

export interface Binary {
  kind: "Binary";
  span: Span;
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface Call {
  kind: "Call";
  span: Span;
  callee: Expr;
  args: Expr[];
}

export interface Index {
  kind: "Index";
  span: Span;
  target: Expr;
  index: Expr;
}

/** `j.m(args)` or `j.m` (args null: a 0-argument method call, language.md §5.5). */
export interface Member {
  kind: "Member";
  span: Span;
  target: Expr;
  name: Name;
  args: Expr[] | null;
}

/** `e?` */
export interface Try {
  kind: "Try";
  span: Span;
  operand: Expr;
}

export interface Match {
  kind: "Match";
  span: Span;
  scrutinee: Expr;
  arms: MatchArm[];
}

export interface MatchArm {
  kind: "MatchArm";
  span: Span;
  pattern: Pattern;
  guard: Expr | null;
  /** An expression, or a block whose value is null (language.md §3.3.6). */
  body: Expr | Block;
}

/** `[async] fn (a, b: T) [-> R] { … }` */
export interface FnExpr {
  kind: "FnExpr";
  span: Span;
  isAsync: boolean;
  params: Param[];
  returnType: TypeExpr | null;
  body: Block;
}

// ───────────────────────────── patterns ─────────────────────────────

export type Pattern = LiteralPattern | WildcardPattern | ConstructorPattern | BindingPattern | ArrayPattern | OrPattern;

export interface LiteralPattern {
  kind: "LiteralPattern";
  span: Span;
  value: number | string | boolean | null;
}

export interface WildcardPattern {
  kind: "WildcardPattern";
  span: Span;
}

/** `Some(p)`, `Ok(p)`, `Err(p)`, `Foo(p, q)`, and a bare `None` (args empty, parens false). */
export interface ConstructorPattern {
  kind: "ConstructorPattern";
  span: Span;
  name: Name;
  args: Pattern[];
  parens: boolean;
}

export interface BindingPattern {
  kind: "BindingPattern";
  span: Span;
  name: Name;
}

export interface ArrayPattern {
  kind: "ArrayPattern";
  span: Span;
  elements: Pattern[];
}

/** `p1 | p2 | …` with two or more alternatives. */
export interface OrPattern {
  kind: "OrPattern";
  span: Span;
  alternatives: Pattern[];
}

// ───────────────────────────── types ─────────────────────────────

export type TypeExpr = NamedType | NullType | FnType | ArrayType | UnionType | IntersectionType | StructType;

/** `number`, `Option<T>`, `T`, an alias… */
export interface NamedType {
  kind: "NamedType";
  span: Span;
  name: Name;
  args: TypeExpr[];
}

export interface NullType {
  kind: "NullType";
  span: Span;
}

export interface FnType {
  kind: "FnType";
  span: Span;
  params: TypeExpr[];
  result: TypeExpr;
}

export interface ArrayType {
  kind: "ArrayType";
  span: Span;
  element: TypeExpr;
}

export interface UnionType {
  kind: "UnionType";
  span: Span;
  members: TypeExpr[];
}

export interface IntersectionType {
  kind: "IntersectionType";
  span: Span;
  members: TypeExpr[];
}

export interface StructType {
  kind: "StructType";
  span: Span;
  members: { name: Name; type: TypeExpr }[];
}

export type Node = Program | Stmt | Expr | Pattern | TypeExpr | MatchArm | Param | TypeParam | TypePredicate | Name;

export function assertNever(x: never): never {
  throw new Error(`BUG: unexpected node ${JSON.stringify((x as { kind?: string }).kind)}`);
}

// ───────────────────────────── builtin signatures ─────────────────────────────

/** One overload of a builtin signature (stdlib.md §1.2), parsed by parse-signature.ts. */
export interface SignatureDecl {
  typeParams: TypeParam[];
  params: SignatureParam[];
  result: TypeExpr;
  /** For a constant (`PI: number`), the type; params/typeParams are then empty. */
  constantType: TypeExpr | null;
}

export interface SignatureParam {
  name: string;
  type: TypeExpr;
  /** `name?: T` */
  optional: boolean;
  /** `...name: T[]` (type is the array type) */
  rest: boolean;
}
