/**
 * A long chain of awaits on PGlite never lets the event loop reach its I/O phase: each query runs
 * in WebAssembly on this thread and resolves as a microtask. A loop of thousands of statements (the
 * demo company's load) would leave every HTTP request unanswered until it ends. Awaiting this now
 * and then lets pending I/O (a request, a timer) run in between.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
