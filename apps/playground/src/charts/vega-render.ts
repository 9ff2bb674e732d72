import type { TopLevelSpec } from 'vega-lite';

/** Compiles a vega-lite spec and draws it on a canvas; vega and vega-lite load on first use. */
export async function renderVegaLite(container: HTMLElement, spec: TopLevelSpec): Promise<void> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: 'canvas',
    container,
    hover: true,
  });
  await view.runAsync();
}
