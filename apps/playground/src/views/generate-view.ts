import { backendSelect } from '../backends/backend-select.js';
import { LiveLineChart } from '../charts/live-line-chart.js';
import { SHIPPED } from '../model/shipped-checkpoints.js';
import { el, formatBytes, labelled, numberInput, readNumber, select } from '../ui/dom.js';
import { guarded } from '../ui/error-panel.js';
import { frameYielder } from '../ui/yield-to-browser.js';

const DEFAULT_PROMPT = 'The state of the Union is';

/** Prompt in, text streaming out, with the sampling controls of `generateText` and a stop button. */
export function mountGenerateView(root: HTMLElement): void {
  const checkpoint = select(
    'gen-checkpoint',
    SHIPPED.map((c) => ({ value: c.id, label: c.label })),
  );
  const backend = backendSelect('gen-backend');
  const prompt = el('textarea', { id: 'gen-prompt', rows: 3 }, DEFAULT_PROMPT);
  const temperature = numberInput('gen-temperature', 0.8, { min: 0, step: 0.1 });
  const topK = numberInput('gen-top-k', 0, { min: 0, step: 1, title: '0: off' });
  const topP = numberInput('gen-top-p', 0.95, { min: 0.01, max: 1, step: 0.01 });
  const seed = numberInput('gen-seed', 1, { min: 0, step: 1 });
  const maxTokens = numberInput('gen-max-tokens', 400, { min: 1, step: 1 });
  const start = el('button', { id: 'gen-start', class: 'primary' }, 'Generate');
  const stop = el('button', { id: 'gen-stop', disabled: true }, 'Stop');
  const status = el('div', { id: 'gen-status', class: 'status' });
  const output = el('div', { id: 'gen-output', class: 'output' });
  const stats = el('div', { id: 'gen-stats', class: 'stats' });
  const chart = new LiveLineChart({
    title: 'ms per token, as generated',
    xLabel: 'position',
    yLabel: 'ms/token',
    series: [{ label: 'decode step', color: '#2b5d8a', style: 'points' }],
    height: 220,
  });
  chart.element.id = 'gen-chart';

  root.append(
    el(
      'div',
      { class: 'controls' },
      labelled('checkpoint', checkpoint),
      labelled('backend', backend.element),
      labelled('temperature', temperature),
      labelled('top-k', topK),
      labelled('top-p', topP),
      labelled('seed', seed),
      labelled('max tokens', maxTokens),
      start,
      stop,
    ),
    prompt,
    status,
    output,
    stats,
    chart.element,
  );

  let controller: AbortController | undefined;
  stop.addEventListener('click', () => controller?.abort());
  start.addEventListener('click', () => {
    controller = new AbortController();
    const signal = controller.signal;
    start.disabled = true;
    stop.disabled = false;
    output.replaceChildren();
    stats.textContent = '';
    chart.clear();
    root.dataset.state = 'running';
    void guarded('Generate', async () => {
      const options = {
        maxNewTokens: readNumber(maxTokens, 'max tokens'),
        temperature: readNumber(temperature, 'temperature'),
        topP: readNumber(topP, 'top-p'),
        seed: readNumber(seed, 'seed'),
        ...(readNumber(topK, 'top-k') > 0 ? { topK: readNumber(topK, 'top-k') } : {}),
        signal,
      };
      const shipped = SHIPPED.find((c) => c.id === checkpoint.value)!;
      const choice = backend.selected();
      status.textContent = `loading ${shipped.id} on ${choice.label}...`;
      const { openSession } = await import('../model/session-pool.js');
      const { generateText } = await import('@constant-attention/model');
      const { session, tokenizer, trainedSeq } = await openSession(shipped, choice);
      session.reset();
      status.textContent = `${shipped.id} on ${choice.label}: reading the prompt...`;
      output.append(el('span', { class: 'prompt' }, prompt.value));
      const generated = el('span', { id: 'gen-text' });
      output.append(generated);
      let tokens = 0;
      let decodeMs = 0;
      const t0 = performance.now();
      let firstTokenAt = 0;
      const onStep = (ms: number) => {
        if (tokens === 0) firstTokenAt = performance.now();
        tokens++;
        decodeMs += ms;
        chart.add(session.position, 0, ms);
        const elapsed = (performance.now() - firstTokenAt) / 1000;
        stats.textContent =
          `${tokens} tokens  ${tokens > 1 && elapsed > 0 ? ((tokens - 1) / elapsed).toFixed(1) : '-'} tokens/s` +
          `  ${(decodeMs / tokens).toFixed(2)} ms/token (decode step)  position ${session.position}` +
          ` (trained on ${trainedSeq})  state ${formatBytes(session.stateBytes)}` +
          `  prompt ${(firstTokenAt - t0).toFixed(0)} ms`;
        stats.dataset.tokens = String(tokens);
      };
      status.textContent = `${shipped.id} on ${choice.label}: generating`;
      const yieldToBrowser = frameYielder();
      for await (const piece of generateText(session, tokenizer, prompt.value, { ...options, onStep })) {
        generated.append(piece);
        await yieldToBrowser();
      }
      status.textContent = `${shipped.id} on ${choice.label}: ${signal.aborted ? 'stopped' : 'done'}`;
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
