"use strict";
const $c = $rt.ctx, $L = $rt.maxDepth, $S = $rt.spans, $G = $rt.globals;
const $add = $rt.add;
const $lt = $rt.lt;
const $sub = $rt.sub;
const $b_print = $rt.builtin("print");

function $fin(r, i) { if (r - r !== 0) $rt.invalidNumeric($S[i]); return r; }
function $so() { return $rt.stackOverflow(); }
function $fill(e, i) { return $rt.fill(e, i < 0 ? null : $S[i]); }
function $tag(f, n) { f.atlasKind = "function"; f.atlasName = n; }
function fib(n) {
  if ($c.depth >= $L) {
    throw $so();
  }
  $c.depth++;
  let $s = -1, $l0, $r1, $r;
  try {
    if (typeof n === "number" ? n < 2 : $lt(n, 2, $S[0])) {
      return $r = n, $c.depth--, $r;
    }
    return $r = ($l0 = ($s = 1, fib(typeof n === "number" ? $fin(n - 1, 2) : $sub(n, 1, $S[2]))), $r1 = ($s = 3, fib(typeof n === "number" ? $fin(n - 2, 4) : $sub(n, 2, $S[4]))), typeof $l0 === "number" && typeof $r1 === "number" ? $fin($l0 + $r1, 5) : $add($l0, $r1, $S[5])), $c.depth--, $r;
    $c.depth--;
    return null;
  } catch ($e) {
    $c.depth--;
    throw $fill($e, $s);
  }
}
$tag(fib, "fib");
function* $module0($cap) {
  let $s = -1, $t0;
  try {
    $cap.isExpression = true;
    $cap.value = $b_print(($t0 = ($s = 7, fib(20)), $s = 6, $c.callSpan = $S[6], $t0));
    return null;
  } catch ($e) {
    throw $fill($e, $s);
  }
}
return [$module0];
