import type { LmSession, Tokenizer } from '@constant-attention/model';
import type { BackendChoice } from '../backends/backend-choices.js';
import { startBackend } from '../backends/start-backend.js';
import { loadShippedCheckpoint } from './load-checkpoint.js';
import type { ShippedCheckpoint } from './shipped-checkpoints.js';

export interface ReadySession {
  readonly session: LmSession;
  readonly tokenizer: Tokenizer;
  readonly trainedSeq: number;
}

const sessions = new Map<string, Promise<ReadySession>>();

async function open(checkpoint: ShippedCheckpoint, choice: BackendChoice): Promise<ReadySession> {
  const [{ config, params }, backend] = await Promise.all([
    loadShippedCheckpoint(checkpoint),
    startBackend(choice),
  ]);
  const { createLanguageModel, createTokenizer, LmSession, parseTokenizerSpec } = await import(
    '@constant-attention/model'
  );
  const session = await LmSession.create(backend, createLanguageModel(config.model), params);
  const tokenizer = createTokenizer(parseTokenizerSpec(config.tokenizer));
  return { session, tokenizer, trainedSeq: config.trainedSeq };
}

/**
 * One session per (checkpoint, backend): params are uploaded and the decode step compiled once; each
 * run starts with `session.reset()`. Runs on one session never overlap (the views disable their buttons).
 */
export function openSession(checkpoint: ShippedCheckpoint, choice: BackendChoice): Promise<ReadySession> {
  const key = `${checkpoint.id}@${choice.id}`;
  let pending = sessions.get(key);
  if (!pending) {
    pending = open(checkpoint, choice);
    sessions.set(key, pending);
    pending.catch(() => sessions.delete(key));
  }
  return pending;
}
