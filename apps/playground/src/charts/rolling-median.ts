/** The median of the last `window` values pushed: per-token times are noisy, their trend is the point. */
export class RollingMedian {
  private readonly values: number[] = [];

  constructor(private readonly window: number) {}

  push(value: number): number {
    this.values.push(value);
    if (this.values.length > this.window) this.values.shift();
    const sorted = [...this.values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
}
