import { readFileSync, writeFileSync } from 'node:fs';

/** Linux's peak RSS of this process (VmHWM), in bytes, or undefined where /proc is not there. */
function highWaterMark(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets VmHWM to the current RSS (Linux >= 4.0); false where that is not possible. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Peak process RSS growth over the baseline taken just before an async job. On Linux the kernel's own
 * high-water mark (VmHWM, reset first) gives the true peak: onnxruntime-node's run blocks the JS
 * thread, so a JS timer never fires during it, and a runtime without a memory arena has already freed
 * its intermediates by the time the job returns. Elsewhere a 5 ms timer plus before/after samples give
 * a lower bound.
 */
export async function peakRssDelta<T>(
  job: () => Promise<T>,
  intervalMs = 5,
): Promise<{ result: T; peakDeltaBytes: number }> {
  const kernelPeak = resetHighWaterMark();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  try {
    const result = await job();
    peak = Math.max(peak, process.memoryUsage.rss(), (kernelPeak && highWaterMark()) || 0);
    return { result, peakDeltaBytes: Math.max(0, peak - baseline) };
  } finally {
    clearInterval(timer);
  }
}
