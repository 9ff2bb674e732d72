/** A settled outcome, so a run that fails before anyone awaits it is never an unhandled rejection. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/**
 * Starts `run` for every item, at most `concurrency` at a time, in the given order. Pages run in separate
 * renderer processes, so a CPU-bound wasm env overlaps with a GPU-process-bound SwiftShader one.
 */
export function runPool<I, T>(
  items: readonly I[],
  concurrency: number,
  run: (item: I) => Promise<T>,
): Promise<Outcome<T>>[] {
  const resolvers: ((o: Outcome<T>) => void)[] = [];
  const outcomes = items.map(() => new Promise<Outcome<T>>((resolve) => resolvers.push(resolve)));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        resolvers[index]!({ ok: true, value: await run(items[index]!) });
      } catch (error) {
        resolvers[index]!({ ok: false, error });
      }
    }
  };
  for (let w = 0; w < Math.min(concurrency, items.length); w++) void worker();
  return outcomes;
}
