import { showError } from '../ui/error-panel.js';
import { availableBackendChoices, type BackendChoice, ORT_WASM } from './backend-choices.js';

/**
 * A backend selector listing only the choices this browser can run. It starts with the wasm choices
 * and adds the GPU ones once their detection (an async WebGPU adapter request) says so.
 */
export function backendSelect(id: string): { element: HTMLSelectElement; selected(): BackendChoice } {
  const element = document.createElement('select');
  element.id = id;
  let choices: BackendChoice[] = [ORT_WASM];
  const render = () => {
    const current = element.value;
    element.replaceChildren(
      ...choices.map((c) => {
        const option = document.createElement('option');
        option.value = c.id;
        option.textContent = c.label;
        return option;
      }),
    );
    if (choices.some((c) => c.id === current)) element.value = current;
  };
  render();
  availableBackendChoices().then(
    (all) => {
      choices = all;
      render();
      element.dataset.ready = 'true';
    },
    (err) => showError('Detecting backends', err),
  );
  return {
    element,
    selected: () => choices.find((c) => c.id === element.value) ?? ORT_WASM,
  };
}
