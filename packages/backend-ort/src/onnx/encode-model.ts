import type {
  AttributeValue,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './onnx-types.js';
import { ONNX_DTYPE } from './onnx-types.js';
import { ProtobufWriter } from './protobuf-writer.js';

// Field numbers from onnx/onnx.proto (proto2). Repeated scalars are written unpacked, which every
// protobuf parser accepts for proto2 fields.
const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
};
const OPSET_ID = { domain: 1, version: 2 };
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, g: 6, ints: 8, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, graph: 5, ints: 7 };
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const VALUE_INFO = { name: 1, type: 2 };
const TYPE = { tensorType: 1 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE = { dim: 1 };
const DIMENSION = { dimValue: 1, dimParam: 2 };
const STRING_ENTRY = { key: 1, value: 2 };

function writeAttribute(w: ProtobufWriter, name: string, attr: AttributeValue): void {
  w.string(ATTRIBUTE.name, name);
  switch (attr.kind) {
    case 'int':
      w.int(ATTRIBUTE.i, attr.value).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
      break;
    case 'float':
      w.float(ATTRIBUTE.f, attr.value).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.float);
      break;
    case 'ints':
      for (const v of attr.value) w.int(ATTRIBUTE.ints, v);
      w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints);
      break;
    case 'string':
      w.string(ATTRIBUTE.s, attr.value).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.string);
      break;
    case 'graph':
      w.message(ATTRIBUTE.g, (g) => writeGraph(g, attr.value)).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.graph);
      break;
  }
}

function writeNode(w: ProtobufWriter, node: OnnxNode): void {
  for (const i of node.inputs) w.string(NODE.input, i);
  for (const o of node.outputs) w.string(NODE.output, o);
  w.string(NODE.name, node.name).string(NODE.opType, node.opType);
  for (const [name, attr] of Object.entries(node.attributes)) {
    w.message(NODE.attribute, (a) => writeAttribute(a, name, attr));
  }
  if (node.domain) w.string(NODE.domain, node.domain);
}

function writeTensor(w: ProtobufWriter, tensor: OnnxTensor): void {
  for (const d of tensor.dims) w.int(TENSOR.dims, d);
  w.int(TENSOR.dataType, ONNX_DTYPE[tensor.elemType]).string(TENSOR.name, tensor.name);
  w.bytes(TENSOR.rawData, tensor.raw);
}

function writeValueInfo(w: ProtobufWriter, info: OnnxValueInfo): void {
  w.string(VALUE_INFO.name, info.name);
  w.message(VALUE_INFO.type, (t) =>
    t.message(TYPE.tensorType, (tt) => {
      tt.int(TENSOR_TYPE.elemType, ONNX_DTYPE[info.elemType]);
      tt.message(TENSOR_TYPE.shape, (s) => {
        for (const d of info.shape) {
          s.message(SHAPE.dim, (dim) => {
            if (typeof d === 'number') dim.int(DIMENSION.dimValue, d);
            else dim.string(DIMENSION.dimParam, d);
          });
        }
      });
    }),
  );
}

function writeGraph(w: ProtobufWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) w.message(GRAPH.node, (n) => writeNode(n, node));
  w.string(GRAPH.name, graph.name);
  for (const t of graph.initializers) w.message(GRAPH.initializer, (m) => writeTensor(m, t));
  for (const i of graph.inputs) w.message(GRAPH.input, (m) => writeValueInfo(m, i));
  for (const o of graph.outputs) w.message(GRAPH.output, (m) => writeValueInfo(m, o));
}

/** Serializes a ModelProto: the default ONNX domain, and any other domain its nodes name. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtobufWriter();
  w.int(MODEL.irVersion, model.irVersion);
  w.string(MODEL.producerName, model.producerName).string(MODEL.producerVersion, model.producerVersion);
  if (model.docString) w.string(MODEL.docString, model.docString);
  w.message(MODEL.graph, (g) => writeGraph(g, model.graph));
  w.message(MODEL.opsetImport, (o) => o.string(OPSET_ID.domain, '').int(OPSET_ID.version, model.opset));
  for (const [domain, version] of Object.entries(model.domainOpsets ?? {})) {
    w.message(MODEL.opsetImport, (o) => o.string(OPSET_ID.domain, domain).int(OPSET_ID.version, version));
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.message(MODEL.metadataProps, (e) => e.string(STRING_ENTRY.key, key).string(STRING_ENTRY.value, value));
  }
  return w.finish();
}
