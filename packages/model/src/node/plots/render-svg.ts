import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Compiles a vega-lite spec and renders it headless with vega's View.toSVG (no browser, no canvas).
 * The SVG gets a <title> (its alternative text) instead of vega's ARIA roles and labels, which lint
 * as interactive roles on <g> elements wherever the SVGs are committed.
 */
export async function renderSvg(spec: object): Promise<string> {
  const withConfig = { ...spec, config: { ...(spec as { config?: object }).config, aria: false } };
  const vegaSpec = compile(withConfig as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = (await view.toSVG()).replace(/ (role|aria-[a-z]+)="[^"]*"/g, '');
    const title = (spec as { title?: unknown }).title;
    if (typeof title !== 'string') return svg;
    return svg.replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(title)}</title>`);
  } finally {
    view.finalize();
  }
}
