/** One line naming what went wrong, for a report row; never throws on an odd thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
