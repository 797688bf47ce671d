"use strict";
const $c = $rt.ctx, $L = $rt.maxDepth, $S = $rt.spans, $G = $rt.globals;
const $ReturnSignal = $rt.ReturnSignal;
const $add = $rt.add;
const $asyncNow = $rt.asyncNow;
const $awaitable = $rt.awaitable;
const $lt = $rt.lt;
const $mul = $rt.mul;
const $startAsync = $rt.startAsync;
const $tryOp = $rt.tryOp;
const $uninit = $rt.uninit;
const $b_Err = $rt.builtin("Err");
const $b_Ok = $rt.builtin("Ok");
const $b_print = $rt.builtin("print");

function $fin(r, i) { if (r - r !== 0) $rt.invalidNumeric($S[i]); return r; }
function $so() { return $rt.stackOverflow(); }
function $fill(e, i) { return $rt.fill(e, i < 0 ? null : $S[i]); }
function $tag(f, n) { f.atlasKind = "function"; f.atlasName = n; }
let limit;
function load(x) {
  if ($c.depth >= $L) {
    throw $so();
  }
  $c.depth++;
  try {
    return $asyncNow(() => {
      let $s = -1;
      try {
        if (typeof x === "number" ? x < 0 : $lt(x, 0, $S[0])) {
          return $s = 1, $c.callSpan = $S[1], $b_Err("negative");
        }
        return $s = 2, $c.callSpan = $S[2], $b_Ok(typeof x === "number" ? $fin(x * 2, 3) : $mul(x, 2, $S[3]));
        return null;
      } catch ($e) {
        throw $fill($e, $s);
      }
    });
  } finally {
    $c.depth--;
  }
}
$tag(load, "load");
function total() {
  if ($c.depth >= $L) {
    throw $so();
  }
  $c.depth++;
  try {
    return $startAsync($body1(), "total");
  } finally {
    $c.depth--;
  }
}
$tag(total, "total");
function* $body1() {
  let $s = -1;
  try {
    let a = $tryOp((yield $awaitable(($s = 4, load(1)), $S[5])), $S[6]);
    let b = $tryOp((yield $awaitable(($s = 7, load(limit === void 0 ? $uninit("limit", $S[8]) : limit)), $S[9])), $S[10]);
    return $s = 11, $c.callSpan = $S[11], $b_Ok(typeof a === "number" && typeof b === "number" ? $fin(a + b, 12) : $add(a, b, $S[12]));
    return null;
  } catch ($e) {
    if ($e instanceof $ReturnSignal) {
      return $e.value;
    }
    throw $fill($e, $s);
  }
}
function* $module0($cap) {
  let $s = -1, $t0;
  try {
    limit = 4;
    $cap.isExpression = true;
    $cap.value = $b_print(($t0 = (yield $awaitable(($s = 14, total()), $S[15])), $s = 13, $c.callSpan = $S[13], $t0));
    return null;
  } catch ($e) {
    throw $fill($e, $s);
  }
}
return [$module0];
