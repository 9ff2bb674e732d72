import cliProgress from 'cli-progress';

export interface Progress {
  /** Names the item being measured and advances the bar by one when it finishes. */
  step<T>(label: string, job: () => Promise<T>): Promise<T>;
  stop(): void;
}

/** One cli-progress bar for a suite run; on a non-TTY stream it prints a line every 5 s. */
export function startProgress(total: number, title: string): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {value}/{total} | {eta_formatted} left | {label}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 4,
      stream: process.stderr,
      // Logs and CI get a progress line every few seconds instead of nothing.
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    async step(label, job) {
      bar.update({ label });
      const result = await job();
      bar.increment(1, { label });
      return result;
    },
    stop: () => bar.stop(),
  };
}
