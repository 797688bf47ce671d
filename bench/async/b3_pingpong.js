/* global console, performance */
// B3 baseline: 200,000 ping-pong round trips between two async functions over two hand-written
// promise-based bounded(1) queues in raw Node (the idiomatic "async queue").
class Chan {
  constructor(cap) {
    this.cap = cap;
    this.buf = [];
    this.closed = false;
    this.receivers = [];
    this.senders = [];
  }
  send(v) {
    const r = this.receivers.shift();
    if (r !== undefined) {
      r(v);
      return Promise.resolve();
    }
    if (this.buf.length < this.cap) {
      this.buf.push(v);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.senders.push([v, resolve]));
  }
  receive() {
    if (this.buf.length > 0) {
      const v = this.buf.shift();
      const s = this.senders.shift();
      if (s !== undefined) {
        this.buf.push(s[0]);
        s[1]();
      }
      return Promise.resolve(v);
    }
    const s = this.senders.shift();
    if (s !== undefined) {
      s[1]();
      return Promise.resolve(s[0]);
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
const n = 200000;
const ping = new Chan(1);
const pong = new Chan(1);
const echo = (async () => {
  for (;;) {
    const v = await ping.receive();
    if (v === undefined) break;
    await pong.send(v + 1);
  }
})();
let sum = 0;
for (let i = 0; i < n; i++) {
  await ping.send(i);
  sum += await pong.receive();
}
ping.close();
await echo;
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
