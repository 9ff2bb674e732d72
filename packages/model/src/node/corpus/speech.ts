/** One State of the Union address. */
export interface Speech {
  readonly year: number;
  readonly president: string;
  readonly text: string;
}

/**
 * Speeches are joined by a blank line. No SOTU text contains a newline, so the separator is
 * unambiguous, and being plain text it means the same under every tokenizer.
 */
export const SPEECH_SEPARATOR = '\n\n';

export function corpusText(speeches: readonly Speech[]): string {
  return speeches.map((s) => s.text).join(SPEECH_SEPARATOR);
}

/** UTF-8 bytes of corpusText(speeches), without building the string. */
export function corpusBytes(speeches: readonly Speech[]): number {
  const separator = Buffer.byteLength(SPEECH_SEPARATOR, 'utf8');
  return speeches.reduce((n, s, i) => n + Buffer.byteLength(s.text, 'utf8') + (i > 0 ? separator : 0), 0);
}
