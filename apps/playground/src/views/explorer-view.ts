import { getMechanism, type HostMatrix, mechanismNames } from '@constant-attention/core';
import { renderHeatmap } from '../charts/heatmap.js';
import { renderLogPHistogram } from '../charts/log-p-histogram.js';
import { attentionMatrixOf, type QkInput } from '../explorer/attention-matrix-of.js';
import { checkpointInput } from '../explorer/checkpoint-input.js';
import { readInstruments } from '../explorer/instrument-readings.js';
import { randomInput } from '../explorer/random-input.js';
import { loadShippedCheckpoint } from '../model/load-checkpoint.js';
import { HEINSEN_LM } from '../model/shipped-checkpoints.js';
import { el, labelled, numberInput, readNumber } from '../ui/dom.js';
import { describeError, guarded, showError } from '../ui/error-panel.js';

const DEFAULT_PROMPT = 'We the People of the United States';

/** Every registered mechanism's attention matrix on the same Q and K, side by side, with the instruments. */
export function mountExplorerView(root: HTMLElement): void {
  const names = mechanismNames();
  const boxes = names.map((name) =>
    el('input', { type: 'checkbox', value: name, checked: true, 'data-mechanism': name }),
  );
  const source = el(
    'select',
    { id: 'explorer-source' },
    el('option', { value: 'random' }, 'random Q, K'),
    el('option', { value: 'checkpoint' }, "heinsen-lm's Q, K (layer 1) on a prompt"),
  );
  const causal = el('input', { id: 'explorer-causal', type: 'checkbox', checked: true });
  const n = numberInput('explorer-n', 32, { min: 2, max: 128, step: 1 });
  const dk = numberInput('explorer-dk', 16, { min: 1, max: 128, step: 1 });
  const seed = numberInput('explorer-seed', 1, { min: 0, step: 1 });
  const prompt = el('input', { id: 'explorer-prompt', type: 'text', value: DEFAULT_PROMPT, size: 40 });
  const head = numberInput('explorer-head', 0, { min: 0, max: 7, step: 1 });
  const show = el('button', { id: 'explorer-show', class: 'primary' }, 'Show');
  const status = el('div', { id: 'explorer-status', class: 'status' });
  const cards = el('div', { id: 'explorer-heatmaps', class: 'grid' });
  const table = el('table', { id: 'explorer-instruments', class: 'instruments' });

  root.append(
    el(
      'p',
      { class: 'note' },
      'Each mechanism registered in @constant-attention/core, on the same queries and keys. A mechanism ',
      'with an attentionMatrix hook draws its own matrix; for the others it is derived from the parallel form ',
      'with V = the identity (they are all linear in V). Computed in float64 by the reference interpreter.',
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'mechanisms'),
      ...boxes.map((box) => el('label', { style: 'margin-right: 12px' }, box, ` ${box.value}`)),
    ),
    el(
      'div',
      { class: 'controls' },
      labelled('input', source),
      labelled('causal', causal),
      labelled('n (random)', n),
      labelled('d_k (random)', dk),
      labelled('seed (random)', seed),
      labelled('prompt (checkpoint)', prompt),
      labelled('head (checkpoint)', head),
      show,
    ),
    status,
    cards,
    el('h3', {}, 'Instruments (core): mean row entropy, spectral gap, log-normal fit of log P'),
    table,
  );

  const input = async (): Promise<QkInput> => {
    if (source.value === 'random')
      return randomInput(readNumber(n, 'n'), readNumber(dk, 'd_k'), readNumber(seed, 'seed'), causal.checked);
    status.textContent = 'loading heinsen-lm...';
    return checkpointInput(
      await loadShippedCheckpoint(HEINSEN_LM),
      prompt.value,
      readNumber(head, 'head'),
      causal.checked,
    );
  };

  const run = () => {
    show.disabled = true;
    root.dataset.state = 'running';
    cards.replaceChildren();
    table.replaceChildren(
      el(
        'tr',
        {},
        ...[
          'mechanism',
          'source',
          'row entropy (nats)',
          'spectral gap',
          'log P mean',
          'log P variance',
          'zeros',
        ].map((h) => el('th', {}, h)),
      ),
    );
    void guarded('Mechanism explorer', async () => {
      const qk = await input();
      const count = qk.q.shape[2]!;
      const selected = boxes.filter((b) => b.checked).map((b) => b.value);
      if (selected.length === 0) throw new Error('pick at least one mechanism');
      for (const name of selected) {
        status.textContent = `computing ${name} (${count} x ${count})...`;
        // Let the status paint between mechanisms: each is a synchronous float64 evaluation.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const mechanism = getMechanism(name);
        const heat = el('div', { 'data-mechanism': name, class: 'heatmap' });
        const histogram = el('div');
        cards.append(el('div', { class: 'card' }, heat, histogram));
        let m: HostMatrix;
        try {
          m = attentionMatrixOf(mechanism, qk);
        } catch (err) {
          heat.textContent = `${name}: ${describeError(err)}`;
          showError(`Mechanism explorer: ${name}`, err);
          continue;
        }
        await renderHeatmap(heat, m, name);
        const origin = mechanism.attentionMatrix ? 'its attentionMatrix' : 'parallel form, V = I';
        const readings = readInstruments(m);
        if ('unavailable' in readings) {
          table.append(
            el(
              'tr',
              {},
              el('td', {}, name),
              el('td', {}, origin),
              el('td', { colspan: 5 }, readings.unavailable),
            ),
          );
          continue;
        }
        await renderLogPHistogram(histogram, m, readings.fit, `${name}: log P and its normal fit`);
        table.append(
          el(
            'tr',
            { 'data-mechanism': name },
            el('td', {}, name),
            el('td', {}, origin),
            el('td', {}, readings.entropy.toFixed(4)),
            el('td', {}, readings.gap.toFixed(4)),
            el('td', {}, readings.fit.mean.toFixed(3)),
            el('td', {}, readings.fit.variance.toFixed(3)),
            el('td', {}, String(readings.fit.zeros)),
          ),
        );
      }
      status.textContent = `${selected.length} mechanisms on ${count} tokens (${qk.causal ? 'causal' : 'not causal'})`;
    })
      .then((ok) => {
        if (!ok) status.textContent = 'failed: the error is shown at the top of the page';
      })
      .finally(() => {
        show.disabled = false;
        root.dataset.state = 'idle';
      });
  };
  show.addEventListener('click', run);
  run();
}
