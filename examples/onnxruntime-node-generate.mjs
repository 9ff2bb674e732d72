// Generates text from a decoder exported by `pnpm export-model`, with onnxruntime-node alone: no package
// of this project. Usage: node examples/onnxruntime-node-generate.mjs model.onnx "Prompt text" [tokens]
// Prints the continuation (greedy decoding) and, with --json, {"tokens": [...], "text": "..."}.
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

/** metadata_props (ModelProto field 14) as a map, read straight from the protobuf bytes. */
function metadataProps(bytes) {
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  const text = (start, end) => new TextDecoder().decode(bytes.subarray(start, end));
  const props = {};
  while (at < bytes.length) {
    const key = varint();
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      const end = at + length;
      if (field === 14) {
        let k = '';
        let v = '';
        while (at < end) {
          const entryKey = varint();
          const n = varint();
          if (entryKey >> 3 === 1) k = text(at, at + n);
          else v = text(at, at + n);
          at += n;
        }
        props[k] = v;
      }
      at = end;
    } else throw new Error(`unexpected protobuf wire type ${wire}`);
  }
  return props;
}

const [file, prompt = 'The Congress', count = '64'] = process.argv.slice(2).filter((a) => a !== '--json');
const bytes = new Uint8Array(readFileSync(file));
const meta = JSON.parse(metadataProps(bytes).constant_attention);
if (meta.tokenizer.name !== 'byte')
  throw new Error(`this example speaks the byte tokenizer, not ${meta.tokenizer.name}`);
const session = await ort.InferenceSession.create(bytes);

// Every state starts at its stated value: -Infinity for log-space sums, 0 otherwise; a 'past' dim at 0.
let state = Object.fromEntries(
  meta.state.map((s) => {
    const shape = s.shape.map((d) => (typeof d === 'number' ? d : 0));
    const size = shape.reduce((a, b) => a * b, 1);
    return [s.input, new ort.Tensor('float32', new Float32Array(size).fill(Number(s.initial)), shape)];
  }),
);

async function step(token) {
  const out = await session.run({
    [meta.inputs.ids]: new ort.Tensor('int32', Int32Array.of(token), [1, 1]),
    ...state,
  });
  state = Object.fromEntries(meta.state.map((s) => [s.input, out[s.output]]));
  return out[meta.outputs.logits].data;
}

const argmax = (row) => row.reduce((best, x, i) => (x > row[best] ? i : best), 0);
let logits;
for (const byte of new TextEncoder().encode(prompt)) logits = await step(byte);
const tokens = [];
for (let i = 0; i < Number(count); i++) {
  const next = argmax(logits);
  tokens.push(next);
  logits = await step(next);
}
const text = new TextDecoder().decode(Uint8Array.from(tokens));
if (process.argv.includes('--json')) console.log(JSON.stringify({ tokens, text }));
else console.log(prompt + text);
