/**
 * The runs an executable has started and not finished. dispose() waits for them before it frees what
 * they use (a session, constants), so a run that was already under way completes normally instead of
 * failing inside the runtime; runs started after dispose() get a DisposedError from the executable.
 */
export class InFlightRuns {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(run: Promise<T>): Promise<T> {
    this.running.add(run);
    const forget = () => this.running.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Resolves once every tracked run has settled, whether it succeeded or not. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
