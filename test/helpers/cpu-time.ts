/**
 * The CPU time a synchronous piece of work took, for the suite's linear-time checks. The wall
 * clock is stretched by a busy machine (CI beside other jobs at load 18 failed 1 s bounds meant
 * to catch quadratic parsers that take minutes); CPU time is not.
 */
export function cpuTimed<T>(run: () => T): { readonly result: T; readonly ms: number } {
  const started = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(started);
  return { result, ms: (used.user + used.system) / 1000 };
}
