import { type Graph, GraphBuilder } from '@constant-attention/core';
import {
  crossEntropyLoss,
  declareLmParams,
  type LanguageModel,
  LOSS_WEIGHTS,
  TARGETS,
  TOKENS,
} from '@constant-attention/model';

/** int32 [batch, k] flat indices (row * seq + position) of the positions a task scores. */
export const LOGIT_ROWS = 'logit_rows';

export interface RowTaskShape {
  readonly batch: number;
  readonly seq: number;
  /** Scored positions per sequence. */
  readonly rows: number;
}

/**
 * The loss of a task scored at a few positions: tokens [batch, seq], logit_rows, targets and
 * loss_weights [batch, rows] -> mean cross-entropy at those positions. The model projects only those
 * positions onto the vocab (`logitRows`), which is most of a step's work at vocab 8192 otherwise.
 */
export function buildRowTaskLossGraph(model: LanguageModel, shape: RowTaskShape): Graph {
  const b = new GraphBuilder();
  const params = declareLmParams(b, model);
  const tokens = b.input(TOKENS, 'int32', [shape.batch, shape.seq]);
  const rows = b.input(LOGIT_ROWS, 'int32', [shape.batch, shape.rows]);
  const targets = b.input(TARGETS, 'int32', [shape.batch, shape.rows]);
  const weights = b.input(LOSS_WEIGHTS, 'float32', [shape.batch, shape.rows]);
  const { logits } = model.forward(b, params, tokens, { logitRows: rows });
  return b.build({ loss: crossEntropyLoss(b, logits, targets, weights) });
}

/** params, tokens and logit_rows -> logits [batch, rows, vocab], for held-out scoring. */
export function buildRowTaskLogitsGraph(model: LanguageModel, shape: RowTaskShape): Graph {
  const b = new GraphBuilder();
  const params = declareLmParams(b, model);
  const tokens = b.input(TOKENS, 'int32', [shape.batch, shape.seq]);
  const rows = b.input(LOGIT_ROWS, 'int32', [shape.batch, shape.rows]);
  return b.build({ logits: model.forward(b, params, tokens, { logitRows: rows }).logits });
}
