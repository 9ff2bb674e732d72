import './style.css';
import { guarded, installGlobalErrorHandlers } from './ui/error-panel.js';
import { mountGenerateView } from './views/generate-view.js';

installGlobalErrorHandlers();

type ViewName = 'generate' | 'cost' | 'explorer';

/** The other views load their code (and their chart libraries) when first opened. */
const mounts: Record<ViewName, (root: HTMLElement) => Promise<void>> = {
  generate: async (root) => mountGenerateView(root),
  cost: async (root) => (await import('./views/cost-view.js')).mountCostView(root),
  explorer: async (root) => (await import('./views/explorer-view.js')).mountExplorerView(root),
};
const mounted = new Set<ViewName>();

function open(view: ViewName): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('#tabs button'))
    tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  for (const name of Object.keys(mounts) as ViewName[])
    document.getElementById(`view-${name}`)!.hidden = name !== view;
  if (mounted.has(view)) return;
  mounted.add(view);
  const root = document.getElementById(`view-${view}`)!;
  void guarded(`Opening ${view}`, async () => {
    await mounts[view](root);
    root.dataset.mounted = 'true';
  });
}

for (const tab of document.querySelectorAll<HTMLButtonElement>('#tabs button'))
  tab.addEventListener('click', () => open(tab.dataset.view as ViewName));
open('generate');
