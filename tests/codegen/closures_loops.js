"use strict";
const $c = $rt.ctx, $L = $rt.maxDepth, $S = $rt.spans, $G = $rt.globals;
const $compound = $rt.compound;
const $forIn = $rt.forIn;
const $gt = $rt.gt;
const $incDec = $rt.incDec;
const $index = $rt.index;
const $isArray = $rt.isArray;
const $lt = $rt.lt;
const $mul = $rt.mul;
const $noArm = $rt.noArm;
const $notCallable = $rt.notCallable;
const $setIndex = $rt.setIndex;
const $b_print = $rt.builtin("print");
const $b_push = $rt.builtin("push");

function $fin(r, i) { if (r - r !== 0) $rt.invalidNumeric($S[i]); return r; }
function $so() { return $rt.stackOverflow(); }
function $fill(e, i) { return $rt.fill(e, i < 0 ? null : $S[i]); }
function $tag(f, n) { f.atlasKind = "function"; f.atlasName = n; }
let fs, total, xs, label;
function* $module0($cap) {
  let $s = -1, $a0, $f2, $i1, $o0, $o2, $v1, $v3;
  try {
    fs = [];
    for (let i = 0; typeof i === "number" ? i < 3 : $lt(i, 3, $S[0]); i = typeof i === "number" ? $fin(i + 1, 1) : $incDec("++", i, $S[1])) {
      $s = 2, $c.callSpan = $S[2], $b_push(fs, function() {
        if ($c.depth >= $L) {
          throw $so();
        }
        return typeof i === "number" ? $fin(i * 2, 3) : $mul(i, 2, $S[3]);
        return null;
      });
    }
    total = 0;
    for (const f of $forIn(fs, $S[4])) {
      $o0 = total, $v1 = ($f2 = f, $s = 5, typeof $f2 === "function" || $notCallable($f2, $S[5]), $f2.atlasKind === "builtin" && ($c.callSpan = $S[5]), $f2()), total = typeof $o0 === "number" && typeof $v1 === "number" ? $fin($o0 + $v1, 6) : $compound("+=", $o0, $v1, $S[6]);
    }
    xs = [1, 2, 3];
    $a0 = xs, $i1 = 1, $o2 = $isArray($a0) && $i1 >>> 0 === $i1 && $i1 < $a0.length ? $a0[$i1] : $index($a0, $i1, $S[7]), $v3 = total, $o2 = typeof $o2 === "number" && typeof $v3 === "number" ? $fin($o2 + $v3, 8) : $compound("+=", $o2, $v3, $S[8]), $isArray($a0) && $i1 >>> 0 === $i1 && $i1 < $a0.length ? $a0[$i1] = $o2 : $setIndex($a0, $i1, $o2, $S[7]);
    let $m1;
    let n;
    label = ($m1 = $isArray(xs) && 1 >>> 0 === 1 && 1 < xs.length ? xs[1] : $index(xs, 1, $S[9]), $m1 === 8 ? "eight" : (n = $m1, true) && (typeof n === "number" ? n > 8 : $gt(n, 8, $S[11])) ? "big" : true ? "small" : $noArm($S[10]));
    $cap.isExpression = true;
    $cap.value = ($s = 12, $c.callSpan = $S[12], $b_print(label));
    return null;
  } catch ($e) {
    throw $fill($e, $s);
  }
}
return [$module0];
