export interface LinePlotOptions {
  readonly title: string;
  readonly x: { readonly field: string; readonly title: string };
  readonly y: { readonly field: string; readonly title: string };
  readonly color: string;
  /** Optional second series key drawn as dash style (e.g. backend or form). */
  readonly dash?: string;
}

/** A log-log line chart with points, one line per `color` (and `dash`) value. */
export function linePlotSpec(rows: readonly object[], options: LinePlotOptions): object {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: 480,
    height: 300,
    background: 'white',
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: options.x.field,
        type: 'quantitative',
        title: options.x.title,
        scale: { type: 'log', base: 2 },
      },
      y: { field: options.y.field, type: 'quantitative', title: options.y.title, scale: { type: 'log' } },
      color: { field: options.color, type: 'nominal' },
      // The point shape repeats the dash so the legend can show which is which.
      ...(options.dash
        ? {
            strokeDash: { field: options.dash, type: 'nominal' },
            shape: { field: options.dash, type: 'nominal' },
          }
        : {}),
    },
  };
}
