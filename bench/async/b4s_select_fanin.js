/* global console, performance */
// Select fan-in baseline: 4 producers, each on its own hand-written bounded(64) queue, 1 consumer
// that waits for whichever queue has a value first — the idiomatic raw Node form: one pending
// receive() promise per queue, Promise.race over them, the winner's promise replaced. 400,000
// messages.
class Chan {
  constructor(cap) {
    this.cap = cap;
    this.buf = [];
    this.head = 0;
    this.closed = false;
    this.receivers = [];
    this.senders = [];
  }
  get size() {
    return this.buf.length - this.head;
  }
  take() {
    const v = this.buf[this.head++];
    if (this.head > 1024 && this.head * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
    return v;
  }
  send(v) {
    const r = this.receivers.shift();
    if (r !== undefined) {
      r(v);
      return Promise.resolve();
    }
    if (this.size < this.cap) {
      this.buf.push(v);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.senders.push([v, resolve]));
  }
  receive() {
    if (this.size > 0) {
      const v = this.take();
      const s = this.senders.shift();
      if (s !== undefined) {
        this.buf.push(s[0]);
        s[1]();
      }
      return Promise.resolve(v);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.receivers.push(resolve));
  }
  close() {
    this.closed = true;
    for (const r of this.receivers.splice(0)) r(undefined);
  }
}
const t0 = performance.now();
const perProducer = 100000;
const chans = [];
for (let p = 0; p < 4; p++) {
  const ch = new Chan(64);
  chans.push(ch);
  Promise.resolve().then(async () => {
    for (let i = 0; i < perProducer; i++) await ch.send(i);
    ch.close();
  });
}
const pending = new Map();
const arm = (k) => pending.set(k, chans[k].receive().then((v) => [k, v]));
for (let k = 0; k < chans.length; k++) arm(k);
let sum = 0;
let count = 0;
while (pending.size > 0) {
  const [k, v] = await Promise.race(pending.values());
  if (v === undefined) {
    pending.delete(k);
    continue;
  }
  sum += v;
  count++;
  arm(k);
}
console.log(count);
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
