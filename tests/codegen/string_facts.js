"use strict";
const $c = $rt.ctx, $L = $rt.maxDepth, $S = $rt.spans, $G = $rt.globals;
const $add = $rt.add;
const $gt = $rt.gt;
const $incDec = $rt.incDec;
const $index = $rt.index;
const $lt = $rt.lt;
const $mod = $rt.mod;
const $strAt = $rt.strAt;
const $strLen = $rt.strLen;
const $uninit = $rt.uninit;
const $b_len = $rt.builtin("len");
const $b_print = $rt.builtin("print");

function $fin(r, i) { if (r - r !== 0) $rt.invalidNumeric($S[i]); return r; }
function $so() { return $rt.stackOverflow(); }
function $fill(e, i) { return $rt.fill(e, i < 0 ? null : $S[i]); }
function $tag(f, n) { f.atlasKind = "function"; f.atlasName = n; }
let letters, line, e;
function f(p) {
  if ($c.depth >= $L) {
    throw $so();
  }
  $c.depth++;
  let $s = -1, $l0, $r1, $x0, $x2, $r;
  try {
    return $r = ($l0 = ($x0 = p, typeof $x0 === "string" ? $strLen($x0) : ($s = 0, $c.callSpan = $S[0], $b_len($x0))), $r1 = ($x2 = e === void 0 ? $uninit("e", $S[2]) : e, typeof $x2 === "string" ? $strLen($x2) : ($s = 1, $c.callSpan = $S[1], $b_len($x2))), typeof $l0 === "number" && typeof $r1 === "number" ? $fin($l0 + $r1, 3) : $add($l0, $r1, $S[3])), $c.depth--, $r;
    $c.depth--;
    return null;
  } catch ($e) {
    $c.depth--;
    throw $fill($e, $s);
  }
}
$tag(f, "f");
function* $module0($cap) {
  let $s = -1, $a0, $a2, $c0, $i3, $l0, $l4, $r1, $t0, $v0, $x0;
  try {
    letters = "abcdefghijklmnopqrstuvwxyz";
    line = "";
    e = "x";
    for (let w = 0; typeof w === "number" ? w < 3 : $lt(w, 3, $S[4]); w = typeof w === "number" ? $fin(w + 1, 5) : $incDec("++", w, $S[5])) {
      let word = "";
      for (let k = 0; typeof k === "number" ? k < 4 : $lt(k, 4, $S[6]); k = typeof k === "number" ? $fin(k + 1, 7) : $incDec("++", k, $S[7])) {
        word = ($l0 = word, $r1 = ($a2 = letters, $i3 = ($l4 = typeof w === "number" && typeof k === "number" ? $fin(w + k, 8) : $add(w, k, $S[8]), typeof $l4 === "number" ? $fin($l4 % 26, 9) : $mod($l4, 26, $S[9])), typeof $a2 === "string" && $i3 >>> 0 === $i3 && $i3 < $a2.length ? $a2[$i3] : $index($a2, $i3, $S[10])), typeof $l0 === "string" && typeof $r1 === "string" && $l0.length + $r1.length <= 268435456 ? $l0 + $r1 : $add($l0, $r1, $S[11]));
      }
      let c = typeof word === "string" && 1 >>> 0 === 1 && 1 < word.length ? word[1] : $index(word, 1, $S[12]);
      line = ($c0 = line, $c0 = typeof $c0 === "string" && typeof word === "string" && $c0.length + word.length <= 268435456 ? $c0 + word : $add($c0, word, $S[13]), $c0 = typeof $c0 === "string" && typeof c === "string" && $c0.length + c.length <= 268435456 ? $c0 + c : $add($c0, c, $S[14]), $c0 = typeof $c0 === "string" && true && $c0.length + " ".length <= 268435456 ? $c0 + " " : $add($c0, " ", $S[15]), $c0);
      if ($l0 = ($x0 = line, typeof $x0 === "string" ? $x0.length : ($s = 16, $c.callSpan = $S[16], $b_len($x0))), typeof $l0 === "number" ? $l0 > 10 : $gt($l0, 10, $S[17])) {
        line = "";
      }
    }
    $v0 = ($l0 = e === void 0 ? $uninit("e", $S[18]) : e, typeof $l0 === "string" && true && $l0.length + "🌟".length <= 268435456 ? $l0 + "🌟" : $add($l0, "🌟", $S[19])), e === void 0 ? $uninit("e", $S[20]) : e = $v0;
    $b_print(($t0 = ($s = 22, f(line)), $s = 21, $c.callSpan = $S[21], $t0));
    $cap.isExpression = true;
    $cap.value = ($s = 23, $c.callSpan = $S[23], $b_print(($a0 = e === void 0 ? $uninit("e", $S[24]) : e, $strAt($a0, 1, $S[25]))));
    return null;
  } catch ($e) {
    throw $fill($e, $s);
  }
}
return [$module0];
