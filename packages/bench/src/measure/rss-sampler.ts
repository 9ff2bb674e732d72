/**
 * Samples process RSS on a timer while an async job runs and returns the peak growth over the
 * baseline taken just before it. Native runtimes (onnxruntime-node) run off the JS thread, so the
 * timer fires during the run; a synchronous backend only gets the before/after samples, so the value
 * is a lower bound on the true peak.
 */
export async function peakRssDelta<T>(
  job: () => Promise<T>,
  intervalMs = 5,
): Promise<{ result: T; peakDeltaBytes: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  try {
    const result = await job();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakDeltaBytes: Math.max(0, peak - baseline) };
  } finally {
    clearInterval(timer);
  }
}
