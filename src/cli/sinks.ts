// Output sinks for programs run by the CLI: stdout is buffered for speed and flushed before
// every stderr write, at idle points, when large or old, and at exit, so `2>&1` interleaving
// is exactly program order (language.md §13.3.6). Writes go straight to fd 1/2 (also from a
// Worker thread, where process.stdout would be asynchronous).
import { writeAllSync } from "./output.js";

const MAX_BUFFER = 64 * 1024;
const MAX_AGE_MS = 50;

export interface OutputSinks {
  writeOut(text: string): void;
  writeErr(text: string): void;
  flush(): void;
}

export class FdSinks implements OutputSinks {
  private parts: string[] = [];
  private size = 0;
  private since = 0;
  private idleFlushQueued = false;

  constructor(
    private readonly outFd = 1,
    private readonly errFd = 2,
  ) {}

  writeOut(text: string): void {
    if (text === "") return;
    if (this.size === 0) this.since = Date.now();
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= MAX_BUFFER || Date.now() - this.since >= MAX_AGE_MS) {
      this.flush();
      return;
    }
    if (!this.idleFlushQueued) {
      this.idleFlushQueued = true;
      setImmediate(() => {
        this.idleFlushQueued = false;
        this.flush();
      });
    }
  }

  writeErr(text: string): void {
    this.flush();
    writeAllSync(this.errFd, text);
  }

  flush(): void {
    if (this.size === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    writeAllSync(this.outFd, text);
  }
}

/** Sinks that collect text in memory (corpus runner, tests). */
export class MemorySinks implements OutputSinks {
  out = "";
  err = "";
  /** stdout and stderr in write order, as a terminal would show them under `2>&1`. */
  both = "";

  writeOut(text: string): void {
    this.out += text;
    this.both += text;
  }

  writeErr(text: string): void {
    this.err += text;
    this.both += text;
  }

  flush(): void {}
}
