#!/usr/bin/env node
// The `atlas` command: a thin launcher for the compiled CLI in dist/.
import { main } from "../dist/src/cli/main.js";
main(process.argv.slice(2));
