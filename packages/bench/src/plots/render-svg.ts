import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Compiles a vega-lite spec and renders it headless with vega's View.toSVG (no browser, no canvas). */
export async function renderSvg(spec: object): Promise<string> {
  const vegaSpec = compile(spec as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
