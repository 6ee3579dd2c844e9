#!/usr/bin/env node
// The `nnc` executable: runs the command line and exits with its code.
import { runCli } from "./main.js";

process.exitCode = await runCli(process.argv.slice(2));
