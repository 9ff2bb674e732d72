import { SingleBar } from 'cli-progress';
import type { ResearchRecord } from './records/results-file.js';
import type { RunEvents } from './records/run-pending.js';

/**
 * A progress bar on stderr (when it is a terminal) and one line per finished run on stdout, so a run
 * under nohup still leaves a log of what finished.
 */
export function progressEvents(summary: (record: ResearchRecord) => string): RunEvents & { stop(): void } {
  const bar = new SingleBar({
    format: '{bar} {value}/{total} runs | eta {eta_formatted} | {label}',
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    onPlan(total, done) {
      if (done > 0) process.stdout.write(`resuming: ${done} of ${total} runs already in results.json\n`);
      bar.start(total, done, { label: '' });
      started = true;
    },
    onStart(label) {
      bar.update({ label });
    },
    onRecord(record) {
      bar.increment();
      if (!process.stderr.isTTY) process.stdout.write(`${summary(record)}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
