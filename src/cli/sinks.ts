// Output sinks for programs run by the CLI and the corpus: synchronous writes straight to fd 1/2
// (also from a Worker thread, where process.stdout would be asynchronous), so `2>&1`
// interleaving is exactly program order (language.md §13.3.6), or in-memory capture.
import { writeAllSync } from "./output.js";

export interface OutputSinks {
  writeOut(text: string): void;
  writeErr(text: string): void;
  flush(): void;
}

/**
 * Synchronous writes to fd 1 and 2. Programs' stdout is already buffered by their
 * RuntimeContext (flushed before every stderr write and whenever the scheduler pauses), so
 * these write through, which keeps every other writer (diagnostics, REPL echo) in order.
 */
export class FdSinks implements OutputSinks {
  constructor(
    private readonly outFd = 1,
    private readonly errFd = 2,
  ) {}

  writeOut(text: string): void {
    writeAllSync(this.outFd, text);
  }

  writeErr(text: string): void {
    writeAllSync(this.errFd, text);
  }

  flush(): void {}
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
