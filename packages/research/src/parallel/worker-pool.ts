import { Worker } from 'node:worker_threads';

/** A task's outcome as a worker posts it back: structured clone keeps plain data, not Error classes. */
export type TaskReply<Result> =
  | { readonly id: number; readonly result: Result }
  | {
      readonly id: number;
      readonly error: { readonly name: string; readonly message: string; readonly stack?: string };
    };

interface Lane<Result> {
  readonly worker: Worker;
  dead?: boolean;
  busy?: { readonly id: number; resolve(result: Result): void; reject(error: Error): void };
}

/**
 * `size` worker threads running `script`, each taking one task at a time. Research runs are seconds to
 * hours of CPU each, so a plain queue is enough; each worker builds its own backend once and keeps it.
 */
export class WorkerPool<Task, Result> {
  private readonly lanes: Lane<Result>[];
  private readonly waiting: { start: (lane: Lane<Result>) => void; reject: (error: Error) => void }[] = [];
  private nextId = 0;
  private closed = false;

  /** `execArgv` defaults to this process's (node's default for workers). */
  constructor(script: URL, size: number, workerData: unknown, execArgv?: readonly string[]) {
    this.lanes = Array.from({ length: size }, () => {
      const lane: Lane<Result> = {
        worker: new Worker(script, { workerData, ...(execArgv ? { execArgv: [...execArgv] } : {}) }),
      };
      lane.worker.on('message', (reply: TaskReply<Result>) => this.settle(lane, reply));
      // A worker that dies (a crash in a native runtime, an uncaught error) fails its task with the cause.
      lane.worker.on('error', (error) => this.fail(lane, error));
      lane.worker.on('exit', (code) => {
        if (!this.closed) this.fail(lane, new Error(`research worker exited with code ${code}`));
      });
      return lane;
    });
  }

  run(task: Task): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('WorkerPool: run after close'));
    return new Promise<Result>((resolve, reject) => {
      const start = (lane: Lane<Result>) => {
        const id = this.nextId++;
        lane.busy = { id, resolve, reject };
        lane.worker.postMessage({ id, task });
      };
      if (this.lanes.every((l) => l.dead)) reject(new Error('WorkerPool: every worker has died'));
      const idle = this.lanes.find((l) => !l.busy && !l.dead);
      if (idle) start(idle);
      else this.waiting.push({ start, reject });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }

  private settle(lane: Lane<Result>, reply: TaskReply<Result>) {
    const busy = lane.busy;
    if (!busy || busy.id !== reply.id) return;
    lane.busy = undefined;
    if ('error' in reply) {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      if (reply.error.stack) error.stack = reply.error.stack;
      busy.reject(error);
    } else busy.resolve(reply.result);
    this.waiting.shift()?.start(lane);
  }

  private fail(lane: Lane<Result>, error: Error) {
    const busy = lane.busy;
    lane.busy = undefined;
    lane.dead = true;
    busy?.reject(error);
    if (this.lanes.every((l) => l.dead)) for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
