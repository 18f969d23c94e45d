// The ONNX messages an export writes, encoded from plain objects. Field numbers and enum
// values are onnx.proto's (IR version 8).
import { bytesField, concatBytes, floatField, intField, message, packedIntsField } from './protobuf';

/** TensorProto.DataType values of the element types kusari has. */
export const TensorDataType = { float32: 1, int32: 6, int64: 7 } as const;
export type TensorElementType = keyof typeof TensorDataType;

export interface TensorMessage {
  name: string;
  dims: readonly number[];
  type: TensorElementType;
  /** Values, stored little-endian in raw_data. */
  values: ArrayLike<number>;
}

/**
 * An attribute value: a number is an integer (INT); floats are spelled `{ float }`, since
 * ONNX checks the attribute's type and 1 is a valid value of a float attribute too.
 */
export type AttributeValue = number | string | { ints: readonly number[] } | { floats: readonly number[] } | { float: number } | TensorMessage;

export interface NodeMessage {
  opType: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Record<string, AttributeValue>;
}

/** A graph input or output: a tensor whose dimensions are sizes, symbolic names or unknown (null); dims null: its rank is unknown too. */
export interface ValueInfoMessage {
  name: string;
  type: TensorElementType;
  dims: readonly (number | string | null)[] | null;
}

export interface GraphMessage {
  name: string;
  nodes: readonly NodeMessage[];
  initializers: readonly TensorMessage[];
  inputs: readonly ValueInfoMessage[];
  outputs: readonly ValueInfoMessage[];
}

export interface ModelMessage {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion?: string;
  docString?: string;
  graph: GraphMessage;
}

/** Little-endian bytes of the values (the layout raw_data requires on every host). */
function rawData(type: TensorElementType, values: ArrayLike<number>): Uint8Array {
  const width = type === 'int64' ? 8 : 4;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (type === 'float32') view.setFloat32(i * 4, values[i], true);
    else if (type === 'int32') view.setInt32(i * 4, values[i], true);
    else view.setBigInt64(i * 8, BigInt(values[i]), true);
  }
  return out;
}

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
export function encodeTensor(t: TensorMessage): Uint8Array {
  return message(packedIntsField(1, t.dims), intField(2, TensorDataType[t.type]), bytesField(8, t.name), bytesField(9, rawData(t.type, t.values)));
}

// AttributeProto.AttributeType
const FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, FLOATS = 6, INTS = 7;

/** AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20. */
function encodeAttribute(name: string, value: AttributeValue): Uint8Array {
  const named = (type: number, ...fields: Uint8Array[]) => message(bytesField(1, name), ...fields, intField(20, type));
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`ONNX attribute ${name}: ${value} is not an integer (spell a float attribute { float: ${value} })`);
    return named(INT, intField(3, value));
  }
  if (typeof value === 'string') return named(STRING, bytesField(4, value));
  if ('ints' in value) return named(INTS, packedIntsField(8, value.ints));
  if ('floats' in value) return named(FLOATS, concatBytes(value.floats.map((f) => floatField(7, f))));
  if ('float' in value) return named(FLOAT, floatField(2, value.float));
  return named(TENSOR, bytesField(5, encodeTensor(value)));
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
export function encodeNode(n: NodeMessage): Uint8Array {
  return message(
    n.inputs.map((i) => bytesField(1, i)), n.outputs.map((o) => bytesField(2, o)), bytesField(3, n.name), bytesField(4, n.opType),
    Object.entries(n.attributes ?? {}).map(([k, v]) => bytesField(5, encodeAttribute(k, v))),
  );
}

/** ValueInfoProto { name 1, type 2: TypeProto { tensor_type 1: { elem_type 1, shape 2: { dim 1: { dim_value 1 | dim_param 2 } } } } }. */
export function encodeValueInfo(v: ValueInfoMessage): Uint8Array {
  const dim = (d: number | string | null) => bytesField(1, d === null ? new Uint8Array(0) : typeof d === 'string' ? bytesField(2, d) : intField(1, d));
  const tensorType = message(intField(1, TensorDataType[v.type]), v.dims ? bytesField(2, message(v.dims.map(dim))) : new Uint8Array(0));
  return message(bytesField(1, v.name), bytesField(2, bytesField(1, tensorType)));
}

/** GraphProto: node 1, name 2, initializer 5, input 11, output 12. */
export function encodeGraph(g: GraphMessage): Uint8Array {
  return message(
    g.nodes.map((n) => bytesField(1, encodeNode(n))), bytesField(2, g.name), g.initializers.map((t) => bytesField(5, encodeTensor(t))),
    g.inputs.map((v) => bytesField(11, encodeValueInfo(v))), g.outputs.map((v) => bytesField(12, encodeValueInfo(v))),
  );
}

/** ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8 (OperatorSetIdProto: domain 1, version 2). */
export function encodeModel(m: ModelMessage): Uint8Array {
  return message(
    intField(1, m.irVersion), bytesField(2, m.producerName), m.producerVersion ? bytesField(3, m.producerVersion) : null,
    m.docString ? bytesField(6, m.docString) : null, bytesField(7, encodeGraph(m.graph)),
    bytesField(8, message(bytesField(1, ''), intField(2, m.opsetVersion))),
  );
}
