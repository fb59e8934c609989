/**
 * A long chain of awaits on PGlite never lets the event loop reach its I/O phase: each query runs
 * in WebAssembly on this thread and resolves as a microtask. A loop of thousands of statements (the
 * demo company's load) would leave every HTTP request unanswered until it ends. Awaiting this now
 * and then lets pending I/O (a request, a timer) run in between.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `items.flatMap(fn)` that yields to the event loop after every `every` items: for loops over
 * tens of thousands of rows (a 49 MB statement's 55,000 lines) that would hold the process.
 */
export async function flatMapYielding<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => R[],
  every = 5000,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % every === 0) await yieldToEventLoop();
    const item = items[i] as T;
    for (const r of fn(item, i)) out.push(r);
  }
  return out;
}
