// Redraws a run's loss curve from its train-log.jsonl:
//   npx tsx --conditions=@constant-attention/source scripts/plot-loss-curve.ts RUN_DIR "title"
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOSS_CURVE, type LogRecord, TRAIN_LOG, writeLossCurve } from '../src/node/index.js';

const [dir, title = 'loss'] = process.argv.slice(2);
if (!dir) throw new Error('usage: plot-loss-curve.ts RUN_DIR [title]');
const records = readFileSync(join(dir, TRAIN_LOG), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as LogRecord);
await writeLossCurve(join(dir, LOSS_CURVE), records, title);
