/** A clock the arms advance by hand, so the scheduler is tested without timing anything real. */
export class FakeClock {
  time = 0;
  readonly now = () => this.time;
  /** An arm that logs its index and costs `costMs(now)` ms of fake time per step. */
  arm(index: number, log: number[], costMs: (now: number) => number) {
    return async () => {
      log.push(index);
      this.time += costMs(this.time);
    };
  }
}
