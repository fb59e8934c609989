/** The process entry of the `cashloop` command: wires real stdout/stderr and the exit code. */

import { processIo } from './io.ts';
import { runCli } from './main.ts';

const code = await runCli(process.argv.slice(2), processIo);
if (code !== 0) process.exitCode = code;
