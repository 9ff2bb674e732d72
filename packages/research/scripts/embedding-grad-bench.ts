// The embedding gradient of an MQAR step (tokens [batch, seq] into a [vocab, d] table), as Gather's VJP
// now builds it (ScatterAdd) against the one-hot MatMul it replaced, each compiled alone on ORT cpu:
//   node --conditions=@constant-attention/source --import tsx scripts/embedding-grad-bench.ts [VOCAB BATCH SEQ D]
import '@constant-attention/backend-ort';
import { createBackend, GraphBuilder, Tensor } from '@constant-attention/core';

const [vocab, batch, seq, d] = (
  process.argv.slice(2).length ? process.argv.slice(2) : ['8192', '32', '64', '64']
).map(Number) as [number, number, number, number];
const count = batch * seq;
const backend = await createBackend({ backend: 'ort', device: 'cpu' });

function graph(kind: 'scatter' | 'one-hot') {
  const b = new GraphBuilder();
  const tokens = b.input('tokens', 'int32', [count]);
  const g = b.input('g', 'float32', [count, d]);
  if (kind === 'scatter')
    return b.build({ grad: b.scatterAdd(b.expand(b.scalar(0), [vocab, d]), tokens, g) });
  const oneHot = b.cast(
    b.equal(b.reshape(tokens, [count, 1]), b.reshape(b.iota(vocab, 'int32'), [1, vocab])),
    'float32',
  );
  return b.build({ grad: b.matmul(b.transpose(oneHot, [1, 0]), g) });
}

const feeds = {
  tokens: Tensor.int32(
    Array.from({ length: count }, (_, i) => (i * 7919) % vocab),
    [count],
  ),
  g: Tensor.float32(
    Array.from({ length: count * d }, (_, i) => Math.sin(i)),
    [count, d],
  ),
};
for (const kind of ['one-hot', 'scatter', 'one-hot', 'scatter'] as const) {
  const exe = await backend.compile(graph(kind), { name: kind });
  await exe.run(feeds);
  const runs = 20;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await exe.run(feeds);
  console.log(
    `${kind}: ${((performance.now() - started) / runs).toFixed(2)} ms per embedding gradient (vocab ${vocab}, ${count} tokens, d ${d})`,
  );
  await exe.dispose();
}
await backend.dispose();
