const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** A macrotask turn without setTimeout's 4 ms clamp: input, paint and the Stop button get their turn. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/**
 * A decode loop awaits runs that can resolve as microtasks only, which would starve the page: no
 * paint, no click on Stop. Calling this every token gives the browser a turn about once a frame.
 */
export function frameYielder(everyMs = 16): () => Promise<void> {
  let last = performance.now();
  return async () => {
    const now = performance.now();
    if (now - last < everyMs) return;
    await nextTask();
    last = performance.now();
  };
}
