import {
  type Backend,
  type DeviceTensor,
  type Executable,
  InvalidArgumentError,
  isDeviceTensor,
  Tensor,
  type TensorLike,
} from '@constant-attention/core';
import type { LanguageModel } from './language-model.js';
import {
  buildLmPrefillGraph,
  buildLmStepGraph,
  INPUT_IDS,
  LOGITS,
  pastStateName,
  presentStateName,
  TOKENS,
} from './lm-graphs.js';

export interface LmSessionOptions {
  /** Chunk length of the prefill's attention; prompts of up to this many tokens run as one chunk. Default 64. */
  readonly chunkSize?: number;
  /** Prompts go in pieces of at most this many tokens, each continuing from the last piece's state. Default 1024. */
  readonly maxPrefillTokens?: number;
}

/**
 * One conversation with a model on a backend: params stay resident, and so does the decode state, which
 * `feed` advances. Text goes in through the chunked full pass where the model can continue from a state
 * (a prompt after earlier text included), else token by token; each new token is one decode step.
 */
export class LmSession {
  private state: Record<string, TensorLike> | undefined;
  private readonly prefills = new Map<string, Executable>();
  private fed = 0;
  private last: Float32Array | undefined;

  private constructor(
    readonly backend: Backend,
    readonly model: LanguageModel,
    private readonly params: Record<string, DeviceTensor>,
    private readonly step: Executable,
    private readonly options: Required<LmSessionOptions>,
  ) {}

  static async create(
    backend: Backend,
    model: LanguageModel,
    params: Readonly<Record<string, Tensor>>,
    options: LmSessionOptions = {},
  ): Promise<LmSession> {
    const chunkSize = options.chunkSize ?? 64;
    const maxPrefillTokens = options.maxPrefillTokens ?? 1024;
    for (const [name, value] of [
      ['chunkSize', chunkSize],
      ['maxPrefillTokens', maxPrefillTokens],
    ] as const)
      if (!Number.isSafeInteger(value) || value < 1)
        throw new InvalidArgumentError(`LmSession: ${name} must be a positive integer, got ${value}`);
    const resident: Record<string, DeviceTensor> = {};
    for (const spec of model.paramSpecs()) {
      const tensor = params[spec.name];
      if (!tensor) throw new InvalidArgumentError(`LmSession: no value for param '${spec.name}'`);
      resident[spec.name] = await backend.upload(tensor);
    }
    const step = await backend.compile(buildLmStepGraph(model, 1), { name: 'decode-step' });
    return new LmSession(backend, model, resident, step, { chunkSize, maxPrefillTokens });
  }

  /** The logits that predict the token after everything fed so far. */
  get lastLogits(): Float32Array | undefined {
    return this.last;
  }

  /** Tokens fed so far (the context length). */
  get position(): number {
    return this.fed;
  }

  /** Bytes of the decode state: constant for constant-state models, growing for softmax's KV cache. */
  get stateBytes(): number {
    if (!this.state) return this.model.stateSpecs(1).reduce((n, s) => n + 4 * sizeOf(s.shape), 0);
    return Object.values(this.state).reduce((n, t) => n + 4 * t.shape.reduce((a: number, d) => a * d, 1), 0);
  }

  /** Feeds tokens after everything fed before; returns the logits that predict the next token. */
  async feed(tokens: readonly number[]): Promise<Float32Array> {
    if (tokens.length === 0) throw new InvalidArgumentError('LmSession.feed: no tokens');
    const bad = tokens.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= this.model.vocab);
    if (bad >= 0)
      throw new InvalidArgumentError(
        `LmSession.feed: token ${tokens[bad]} at index ${bad} is not in [0, ${this.model.vocab})`,
      );
    // The first text always goes through the full pass, so no decode starts from a made-up state
    // (LLN's scales, for one, come from that pass).
    const canPrefill = this.model.continuesFromState || this.state === undefined;
    if ((tokens.length === 1 && this.state !== undefined) || !canPrefill) {
      let logits: Float32Array | undefined;
      for (const token of tokens) logits = await this.decodeOne(token);
      return logits!;
    }
    let logits: Float32Array | undefined;
    for (let start = 0; start < tokens.length; start += this.options.maxPrefillTokens) {
      const piece = tokens.slice(start, start + this.options.maxPrefillTokens);
      if (start > 0 && !this.model.continuesFromState) {
        for (const token of piece) logits = await this.decodeOne(token);
      } else logits = await this.prefill(piece);
    }
    return logits!;
  }

  private async prefill(tokens: readonly number[]): Promise<Float32Array> {
    const fromState = this.state !== undefined;
    const key = `${tokens.length}/${fromState}`;
    let exe = this.prefills.get(key);
    if (!exe) {
      const chunkSize = Math.min(this.options.chunkSize, tokens.length);
      const graph = buildLmPrefillGraph(
        this.model,
        { batch: 1, seq: tokens.length, chunkSize },
        { fromState },
      );
      exe = await this.backend.compile(graph, { name: `prefill-${tokens.length}` });
      this.prefills.set(key, exe);
    }
    const feeds: Record<string, TensorLike> = {
      ...this.params,
      [TOKENS]: Tensor.int32(tokens, [1, tokens.length]),
    };
    return this.run(exe, feeds, tokens.length);
  }

  private async decodeOne(token: number): Promise<Float32Array> {
    const feeds: Record<string, TensorLike> = { ...this.params, [INPUT_IDS]: Tensor.int32([token], [1, 1]) };
    return this.run(this.step, feeds, 1);
  }

  private async run(
    exe: Executable,
    feeds: Record<string, TensorLike>,
    count: number,
  ): Promise<Float32Array> {
    const state = this.state ?? this.initialState();
    if (exe === this.step || this.state)
      for (const [name, t] of Object.entries(state)) feeds[pastStateName(name)] = t;
    const keep = this.model.stateSpecs(1).map((s) => presentStateName(s.name));
    const out = await exe.run(feeds, { keepOnDevice: keep });
    if (this.state) disposeAll(this.state);
    this.state = Object.fromEntries(
      this.model.stateSpecs(1).map((s) => [s.name, out[presentStateName(s.name)]!]),
    );
    this.fed += count;
    const logits = out[LOGITS] as Tensor;
    const vocab = this.model.vocab;
    this.last = Float32Array.from(logits.data.subarray(logits.size - vocab));
    return this.last;
  }

  private initialState(): Record<string, TensorLike> {
    return Object.fromEntries(
      this.model.stateSpecs(1).map((s) => [
        s.name,
        Tensor.full(
          s.shape.map((d) => (typeof d === 'number' ? d : 0)),
          s.initial,
        ),
      ]),
    );
  }

  /** Forgets the context; the next feed starts from the empty state. */
  reset(): void {
    if (this.state) disposeAll(this.state);
    this.state = undefined;
    this.last = undefined;
    this.fed = 0;
  }

  async dispose(): Promise<void> {
    this.reset();
    disposeAll(this.params);
    await this.step.dispose();
    for (const exe of this.prefills.values()) await exe.dispose();
    this.prefills.clear();
  }
}

function sizeOf(shape: readonly (number | string)[]): number {
  return shape.reduce((n: number, d) => n * (typeof d === 'number' ? d : 0), 1);
}

function disposeAll(tensors: Record<string, TensorLike>): void {
  for (const t of Object.values(tensors)) if (isDeviceTensor(t)) t.dispose();
}
