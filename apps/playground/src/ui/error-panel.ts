/** The message of anything thrown, with its cause chain, for a person to read. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 4; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name === 'Error' ? '' : `${current.name}: `}${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else if (typeof ErrorEvent !== 'undefined' && current instanceof ErrorEvent) {
      parts.push(current.message || 'an error event with no message');
      current = current.error ?? undefined;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n  caused by: ');
}

/**
 * Every failure lands here, in the page, so it never goes blank: a missing GPU, a checkpoint that
 * fails to load, a run that throws. It is also logged, which is how the browser test sees it.
 */
export function showError(context: string, err: unknown): void {
  const panel = document.getElementById('errors');
  const text = `${context}: ${describeError(err)}`;
  if (panel) {
    const item = document.createElement('div');
    item.className = 'error';
    item.textContent = text;
    const close = document.createElement('button');
    close.textContent = 'dismiss';
    close.style.marginLeft = '12px';
    close.addEventListener('click', () => item.remove());
    item.append(close);
    panel.append(item);
  }
  console.error(text);
}

export function installGlobalErrorHandlers(): void {
  window.addEventListener('error', (event) => showError('Uncaught error', event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => showError('Unhandled failure', event.reason));
}

/** Runs an action from a button, showing any failure instead of losing it; false when it failed. */
export async function guarded(context: string, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    showError(context, err);
    return false;
  }
}
