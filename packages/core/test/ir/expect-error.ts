import { expect } from 'vitest';
import type { ConstantAttentionError } from '../../src/index.js';

type ErrorClass = abstract new (...args: never[]) => ConstantAttentionError;

/** Runs `f`, requires it to throw exactly `kind`, and requires every fragment in the message. */
export function expectError(f: () => unknown, kind: ErrorClass, fragments: readonly string[] = []): Error {
  let caught: unknown;
  try {
    f();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a throw').toBeInstanceOf(kind);
  const err = caught as ConstantAttentionError;
  expect(err.name).toBe(kind.name);
  for (const fragment of fragments) expect(err.message).toContain(fragment);
  return err;
}

export async function expectRejects(
  f: () => Promise<unknown>,
  kind: ErrorClass,
  fragments: readonly string[] = [],
): Promise<void> {
  let caught: unknown;
  try {
    await f();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a rejection').toBeInstanceOf(kind);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
}
