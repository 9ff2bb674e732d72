import { backendSelect } from '../backends/backend-select.js';
import { LiveLineChart } from '../charts/live-line-chart.js';
import { RollingMedian } from '../charts/rolling-median.js';
import { GPT_SOFTMAX, HEINSEN_LM, type ShippedCheckpoint } from '../model/shipped-checkpoints.js';
import { el, formatBytes, labelled, numberInput, readNumber } from '../ui/dom.js';
import { guarded } from '../ui/error-panel.js';
import { frameYielder } from '../ui/yield-to-browser.js';
import { summarizeCost } from './cost-summary.js';

const PROMPT = 'The state of the Union is';
const MEDIAN_WINDOW = 64;
const SUMMARY_WINDOW = 256;
const BYTES_EVERY = 8;

const RUNS: readonly { checkpoint: ShippedCheckpoint; color: string; name: string }[] = [
  { checkpoint: HEINSEN_LM, color: '#2b8a5d', name: 'heinsen-lm' },
  { checkpoint: GPT_SOFTMAX, color: '#b5482a', name: 'gpt softmax' },
];

/**
 * Both shipped models write the same number of tokens, one after the other, on one backend; each decode
 * step's time is plotted against its position as it comes, next to the decode state's size.
 */
export function mountCostView(root: HTMLElement): void {
  const backend = backendSelect('cost-backend');
  const tokens = numberInput('cost-tokens', 2048, { min: 16, step: 256 });
  const start = el('button', { id: 'cost-start', class: 'primary' }, 'Run both models');
  const stop = el('button', { id: 'cost-stop', disabled: true }, 'Stop');
  const status = el('div', { id: 'cost-status', class: 'status' });
  const msChart = new LiveLineChart({
    title: 'ms per token against position',
    xLabel: 'position (tokens in context)',
    yLabel: 'ms/token',
    series: RUNS.flatMap((r) => [
      { label: `${r.name} (each token)`, color: `${r.color}55`, style: 'points' as const },
      { label: `${r.name} (median of ${MEDIAN_WINDOW})`, color: r.color, style: 'line' as const },
    ]),
    width: 640,
  });
  msChart.element.id = 'cost-chart';
  const bytesChart = new LiveLineChart({
    title: 'decode state: constant state vs KV cache',
    xLabel: 'position (tokens in context)',
    yLabel: 'bytes',
    series: RUNS.map((r) => ({ label: r.name, color: r.color, style: 'line' as const })),
    width: 480,
    formatY: formatBytes,
  });
  bytesChart.element.id = 'cost-bytes-chart';
  const summary = el('table', { id: 'cost-summary', class: 'instruments' });

  root.append(
    el(
      'p',
      { class: 'note' },
      'heinsen-lm carries a fixed-size state from token to token; the softmax GPT keeps every past key and value. ',
      'Both were trained on 256-token windows; here they write far past that. transformers.js users see ',
      'decode go from 46 to 298 ms/token as the KV cache grows: this is that picture, live.',
    ),
    el(
      'div',
      { class: 'controls' },
      labelled('backend', backend.element),
      labelled('tokens per model', tokens),
      start,
      stop,
    ),
    status,
    el('div', { class: 'grid' }, msChart.element, bytesChart.element),
    summary,
  );

  let controller: AbortController | undefined;
  stop.addEventListener('click', () => controller?.abort());
  start.addEventListener('click', () => {
    controller = new AbortController();
    const signal = controller.signal;
    start.disabled = true;
    stop.disabled = false;
    msChart.clear();
    bytesChart.clear();
    summary.replaceChildren(
      el(
        'tr',
        {},
        ...['model', 'tokens', 'median ms/token, first tokens', 'last tokens', 'ratio', 'state after'].map(
          (h) => el('th', {}, h),
        ),
      ),
    );
    root.dataset.state = 'running';
    void guarded('Constant cost', async () => {
      const maxNewTokens = readNumber(tokens, 'tokens per model');
      const choice = backend.selected();
      const { openSession } = await import('../model/session-pool.js');
      const { generateTokens } = await import('@constant-attention/model');
      for (const [index, run] of RUNS.entries()) {
        if (signal.aborted) break;
        status.textContent = `loading ${run.name} on ${choice.label}...`;
        const { session, tokenizer } = await openSession(run.checkpoint, choice);
        session.reset();
        status.textContent = `${run.name} on ${choice.label}: writing ${maxNewTokens} tokens`;
        const median = new RollingMedian(MEDIAN_WINDOW);
        const times: number[] = [];
        const prompt = tokenizer.encode(PROMPT);
        const yieldToBrowser = frameYielder();
        for await (const { ms } of generateTokens(session, prompt, { maxNewTokens, seed: 1, signal })) {
          const position = session.position;
          times.push(ms);
          msChart.add(position, 2 * index, ms);
          msChart.add(position, 2 * index + 1, median.push(ms));
          if (times.length % BYTES_EVERY === 1) bytesChart.add(position, index, session.stateBytes);
          await yieldToBrowser();
        }
        bytesChart.add(session.position, index, session.stateBytes);
        const s = summarizeCost(times, SUMMARY_WINDOW);
        const row = el(
          'tr',
          {
            'data-model': run.checkpoint.id,
            'data-state-bytes': session.stateBytes,
            'data-tokens': times.length,
            'data-position': session.position,
          },
          el('td', {}, run.name),
          el('td', {}, `${times.length} (windows of ${s.window})`),
          el('td', {}, s.firstMs.toFixed(2)),
          el('td', {}, s.lastMs.toFixed(2)),
          el('td', {}, `${s.ratio.toFixed(2)}x`),
          el('td', {}, `${formatBytes(session.stateBytes)} at position ${session.position}`),
        );
        summary.append(row);
      }
      status.textContent = signal.aborted ? 'stopped' : `done on ${choice.label}`;
    })
      .then((ok) => {
        if (!ok) status.textContent = 'failed: the error is shown at the top of the page';
      })
      .finally(() => {
        start.disabled = false;
        stop.disabled = true;
        root.dataset.state = 'idle';
      });
  });
}
