import { parentPort } from 'node:worker_threads';
import type { TaskReply } from './worker-pool.js';

/** The worker side of WorkerPool: answers each task with its result or its error, one at a time. */
export function serveTasks<Task, Result>(handle: (task: Task) => Promise<Result>): void {
  if (!parentPort) throw new Error('serveTasks: not in a worker thread');
  const port = parentPort;
  let queue = Promise.resolve();
  port.on('message', ({ id, task }: { id: number; task: Task }) => {
    queue = queue.then(async () => {
      let reply: TaskReply<Result>;
      try {
        reply = { id, result: await handle(task) };
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        reply = { id, error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
      }
      port.postMessage(reply);
    });
  });
}
