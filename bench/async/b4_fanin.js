/* global console, performance */
// B4 baseline: 4 producers -> 1 consumer over one hand-written promise-based bounded(64) queue in
// raw Node, 1,000,000 messages.
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
const ch = new Chan(64);
const perProducer = 250000;
const producers = [];
for (let p = 0; p < 4; p++) {
  producers.push(
    Promise.resolve().then(async () => {
      for (let i = 0; i < perProducer; i++) await ch.send(i);
    }),
  );
}
Promise.all(producers).then(() => ch.close());
let sum = 0;
let count = 0;
for (;;) {
  const v = await ch.receive();
  if (v === undefined) break;
  sum += v;
  count++;
}
console.log(count);
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
