"use strict";
const $c = $rt.ctx, $L = $rt.maxDepth, $S = $rt.spans, $G = $rt.globals;
const $add = $rt.add;
const $condition = $rt.condition;
const $eq = $rt.eq;
const $incDec = $rt.incDec;
const $lt = $rt.lt;
const $noArm = $rt.noArm;
const $b_print = $rt.builtin("print");
const $b_push = $rt.builtin("push");

function $fin(r, i) { if (r - r !== 0) $rt.invalidNumeric($S[i]); return r; }
function $so() { return $rt.stackOverflow(); }
function $fill(e, i) { return $rt.fill(e, i < 0 ? null : $S[i]); }
function $tag(f, n) { f.atlasKind = "function"; f.atlasName = n; }
let i, fs;
function* $module0($cap) {
  let $s = -1, $l0;
  try {
    i = 0;
    fs = [];
    while (true) {
      let $m1;
      let n;
      if (!$condition(($m1 = i, (n = $m1, true) && (typeof n === "number" ? n < 3 : $lt(n, 3, $S[1])) ? ($l0 = ($s = 2, $c.callSpan = $S[2], $b_push(fs, function() {
        if ($c.depth >= $L) {
          throw $so();
        }
        return n;
        return null;
      })), $l0 === null) : true ? false : $noArm($S[0])), $S[0])) {
        break;
      }
      {
        i = typeof i === "number" ? $fin(i + 1, 4) : $incDec("++", i, $S[4]);
      }
    }
    for (let j = 0; typeof j === "number" ? j < 2 : $lt(j, 2, $S[5]); (() => {
      let $m2;
      let m;
      return j = ($m2 = j, (m = $m2, true) ? typeof m === "number" ? $fin(m + 1, 7) : $add(m, 1, $S[7]) : $noArm($S[6]));
    })()) {
      $s = 8, $c.callSpan = $S[8], $b_print(j);
    }
    return null;
  } catch ($e) {
    throw $fill($e, $s);
  }
}
return [$module0];
