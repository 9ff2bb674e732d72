type Attributes = Readonly<Record<string, string | number | boolean>>;

/** A DOM element with attributes and children, the one helper the views build their markup with. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A labelled control: the label text above the input. */
export function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return el('label', {}, text, control);
}

export function numberInput(id: string, value: number, attributes: Attributes = {}): HTMLInputElement {
  return el('input', { id, type: 'number', value, ...attributes });
}

export function select(id: string, options: readonly { value: string; label: string }[]): HTMLSelectElement {
  return el('select', { id }, ...options.map((o) => el('option', { value: o.value }, o.label)));
}

/** Reads a number input; an empty or malformed one is an error naming the field, never a silent default. */
export function readNumber(input: HTMLInputElement, name: string): number {
  const value = input.valueAsNumber;
  if (!Number.isFinite(value)) throw new Error(`${name}: '${input.value}' is not a number`);
  return value;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
}
