// The interactive front end of `atlas repl` (language.md §10.2): prompts, continuation lines,
// meta-commands. Inputs are executed by a REPL session in a Worker (worker-host.ts) with a big
// stack; pending async work keeps running there between inputs.
import * as readline from "node:readline";
import type { RunOptions } from "./args.js";
import { needsContinuation } from "./continuation.js";
import { internalFailureText, useColour, writeAllSync } from "./output.js";
import { ReplWorker, type ReplRequest } from "./worker-host.js";

const PROMPT = ">> ";
const CONTINUE = ".. ";

export const REPL_HELP = `Enter Atlas statements or expressions; the final ';' may be omitted.
An input continues on '.. ' lines while brackets, strings or comments are open;
an empty line cancels it.

Commands:
  :help, :h          Show this help
  :quit, :q          Leave the REPL (end of input does the same)
  :reset, :clear     Discard all declarations and state
  :load FILE         Run a file's contents as one input
  :type EXPR         Show the type of EXPR without evaluating it
  :vars [PAGE]       List variables (20 per page) as name: type = value
`;

/** A parsed meta-command, or an error message for a malformed one. */
export type MetaCommand =
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "request"; request: ReplRequest }
  | { kind: "error"; message: string };

/** Recognises `:command` lines (null for ordinary Atlas input). */
export function parseMetaCommand(line: string): MetaCommand | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith(":")) return null;
  const m = /^:(\S+)\s*(.*)$/s.exec(trimmed);
  const name = m?.[1] ?? "";
  const arg = (m?.[2] ?? "").trim();
  switch (name) {
    case "help":
    case "h":
      return { kind: "help" };
    case "quit":
    case "q":
      return { kind: "quit" };
    case "reset":
    case "clear":
      return { kind: "request", request: { type: "reset" } };
    case "load":
      if (arg === "") return { kind: "error", message: "usage: :load FILE" };
      return { kind: "request", request: { type: "load", file: arg } };
    case "type":
      if (arg === "") return { kind: "error", message: "usage: :type EXPR" };
      return { kind: "request", request: { type: "typeOf", text: arg } };
    case "vars": {
      if (arg === "") return { kind: "request", request: { type: "vars", page: 1 } };
      if (!/^[1-9][0-9]*$/.test(arg)) return { kind: "error", message: "usage: :vars [PAGE] (PAGE is a positive integer)" };
      return { kind: "request", request: { type: "vars", page: Number(arg) } };
    }
    default:
      return { kind: "error", message: `unknown command ':${name}' (type :help for a list)` };
  }
}

export async function runRepl(options: RunOptions): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  const worker = new ReplWorker({ kind: "repl", options, cwd: process.cwd(), colour: useColour() });
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  if (interactive) writeAllSync(1, "Atlas REPL. Type :help for help, :quit to leave.\n");
  let busy = false;
  let interrupted = false;
  const send = async (req: ReplRequest): Promise<void> => {
    busy = true;
    interrupted = false;
    const reply = await worker.request(req);
    busy = false;
    if (reply.type === "internal" && !interrupted) writeAllSync(2, internalFailureText(new Error(reply.detail)));
  };
  rl.on("SIGINT", () => {
    if (busy) {
      interrupted = true;
      writeAllSync(1, "\n(interrupted; the REPL state was reset)\n");
      void worker.interrupt();
    } else {
      writeAllSync(1, "\n(use :quit to leave)\n");
      buffer = [];
      prompt(PROMPT);
    }
  });
  const prompt = (p: string): void => {
    rl.setPrompt(p);
    rl.prompt();
  };
  let buffer: string[] = [];
  let quit = false;
  prompt(PROMPT);
  for await (const line of rl) {
    if (buffer.length > 0) {
      if (line.trim() === "") {
        buffer = [];
        writeAllSync(1, "(multiline input cancelled)\n");
        prompt(PROMPT);
        continue;
      }
      buffer.push(line);
    } else {
      const meta = parseMetaCommand(line);
      if (meta !== null) {
        if (meta.kind === "quit") {
          quit = true;
          break;
        }
        await runMeta(meta, send);
        prompt(PROMPT);
        continue;
      }
      if (line.trim() === "") {
        prompt(PROMPT);
        continue;
      }
      buffer.push(line);
    }
    const text = buffer.join("\n");
    if (needsContinuation(text)) {
      prompt(CONTINUE);
      continue;
    }
    buffer = [];
    await send({ type: "input", text });
    prompt(PROMPT);
  }
  if (!quit) writeAllSync(1, "\n");
  rl.close();
  // End of input lets pending work finish (like a script); :quit leaves at once.
  if (!quit) await send({ type: "finish" });
  await worker.close();
  return 0;
}

async function runMeta(meta: MetaCommand, send: (r: ReplRequest) => Promise<void>): Promise<void> {
  switch (meta.kind) {
    case "help":
      writeAllSync(1, REPL_HELP);
      return;
    case "error":
      writeAllSync(2, `${meta.message}\n`);
      return;
    case "request":
      await send(meta.request);
      return;
    case "quit":
      return;
  }
}
