import { ProtobufWriter } from '@constant-attention/backend-ort';

// Field numbers from onnx/onnx.proto. backend-ort's encodeModel writes only the default domain; a
// peer model needs a node domain (com.microsoft) and its opset import, so it is encoded here with
// backend-ort's ProtobufWriter.
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 };
const OPSET_ID = { domain: 1, version: 2 };
const GRAPH = { node: 1, name: 2, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, floats: 7, ints: 8, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 };
const VALUE_INFO = { name: 1, type: 2 };
const FLOAT32 = 1;

export type PeerAttribute =
  | { readonly int: number }
  | { readonly float: number }
  | { readonly string: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] };

export interface PeerNode {
  readonly opType: string;
  readonly domain?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, PeerAttribute>>;
}

/** A float32 graph: every input and output is float32 with a concrete shape. */
export interface PeerModel {
  readonly opsets: Readonly<Record<string, number>>;
  readonly nodes: readonly PeerNode[];
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  readonly outputs: Readonly<Record<string, readonly number[]>>;
}

function writeAttribute(w: ProtobufWriter, name: string, attr: PeerAttribute): void {
  w.string(ATTRIBUTE.name, name);
  if ('int' in attr) w.int(ATTRIBUTE.i, attr.int).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
  else if ('float' in attr) w.float(ATTRIBUTE.f, attr.float).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.float);
  else if ('string' in attr) w.string(ATTRIBUTE.s, attr.string).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.string);
  else if ('ints' in attr) {
    for (const v of attr.ints) w.int(ATTRIBUTE.ints, v);
    w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints);
  } else {
    for (const v of attr.floats) w.float(ATTRIBUTE.floats, v);
    w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.floats);
  }
}

function writeValueInfo(w: ProtobufWriter, name: string, shape: readonly number[]): void {
  w.string(VALUE_INFO.name, name);
  w.message(VALUE_INFO.type, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT32);
      tensor.message(2, (s) => {
        for (const d of shape) s.message(1, (dim) => dim.int(1, d));
      });
    }),
  );
}

/** IR version 10 allows opset 23 (ONNX's Attention) and is what ORT 1.30 reads. */
export function encodePeerModel(model: PeerModel): Uint8Array {
  const w = new ProtobufWriter();
  w.int(MODEL.irVersion, 10).string(MODEL.producerName, 'constant-attention-bench-peers');
  w.message(MODEL.graph, (g) => {
    model.nodes.forEach((node, index) => {
      g.message(GRAPH.node, (n) => {
        for (const i of node.inputs) n.string(NODE.input, i);
        for (const o of node.outputs) n.string(NODE.output, o);
        n.string(NODE.name, `${node.opType}_${index}`).string(NODE.opType, node.opType);
        for (const [name, attr] of Object.entries(node.attributes ?? {})) {
          n.message(NODE.attribute, (a) => writeAttribute(a, name, attr));
        }
        if (node.domain) n.string(NODE.domain, node.domain);
      });
    });
    g.string(GRAPH.name, 'peer');
    for (const [name, shape] of Object.entries(model.inputs)) {
      g.message(GRAPH.input, (m) => writeValueInfo(m, name, shape));
    }
    for (const [name, shape] of Object.entries(model.outputs)) {
      g.message(GRAPH.output, (m) => writeValueInfo(m, name, shape));
    }
  });
  for (const [domain, version] of Object.entries(model.opsets)) {
    w.message(MODEL.opsetImport, (o) => o.string(OPSET_ID.domain, domain).int(OPSET_ID.version, version));
  }
  return w.finish();
}
