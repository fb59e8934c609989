/**
 * The Node flags cashloop runs with: a 64 MiB young generation (V8's default is 16 MiB), which cut
 * the large cash application run from 54.7 s to 48.2 s on PGlite (docs/cash-application.md, Speed).
 * V8 reads them only at start-up, so they are on the command line: package.json's `start`, `cli`,
 * `bench` and `crash` scripts and bin/cashloop.js's shebang carry them as text; what spawns
 * cashloop from code (the e2e server, the crash test's processes) takes them from here.
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
