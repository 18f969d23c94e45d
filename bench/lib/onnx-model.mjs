// The smallest ONNX writer the inference benchmark needs: a ModelProto (IR 7, opset 13)
// whose graph chains MatMul, Add and Relu over float initializers, with one float input of
// dynamic batch size. Protocol-buffer wire format by hand: varints, and length-delimited
// fields for strings, bytes and nested messages. Field numbers are onnx.proto's.
//
// kusari gets a real exporter (exportOnnx); the benchmark uses that when the bundle has it.

const utf8 = new TextEncoder();

function varint(value) {
  const out = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

/** A message: a list of encoded fields, concatenated. */
const message = (...fields) => concat(fields.flat().filter(Boolean));

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const intField = (field, value) => Uint8Array.from([...varint(field << 3), ...varint(value)]);
function bytesField(field, bytes) {
  const data = typeof bytes === 'string' ? utf8.encode(bytes) : bytes;
  return concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(data.length)]), data]);
}

const FLOAT = 1; // TensorProto.DataType

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian floats). */
function tensor(name, dims, data) {
  const f32 = Float32Array.from(data);
  return message(dims.map((d) => intField(1, d)), intField(2, FLOAT), bytesField(8, name), bytesField(9, new Uint8Array(f32.buffer)));
}

/** ValueInfoProto of a float tensor; a string dimension is symbolic (dim_param). */
function valueInfo(name, dims) {
  const dim = (d) => bytesField(1, typeof d === 'string' ? bytesField(2, d) : intField(1, d));
  const shape = message(dims.map(dim));
  const tensorType = message(intField(1, FLOAT), bytesField(2, shape));
  return message(bytesField(1, name), bytesField(2, bytesField(1, tensorType)));
}

/** NodeProto: input 1, output 2, name 3, op_type 4. */
const node = (op, inputs, output, name) => message(inputs.map((i) => bytesField(1, i)), bytesField(2, output), bytesField(3, name), bytesField(4, op));

/**
 * An MLP as ONNX bytes: layers [{ W, b }] with W (out, in) as in Chainer (stored transposed,
 * (in, out), for MatMul), ReLU between layers, input 'x' (batch, in), output 'y' (batch, out).
 */
export function mlpOnnx(layers, { producer = 'kusari bench' } = {}) {
  const nodes = [], inits = [];
  let h = 'x';
  layers.forEach(({ W, b, nIn, nOut }, i) => {
    const WT = new Float32Array(nIn * nOut);
    for (let o = 0; o < nOut; o++) for (let k = 0; k < nIn; k++) WT[k * nOut + o] = W[o * nIn + k];
    inits.push(tensor(`W${i}`, [nIn, nOut], WT), tensor(`b${i}`, [nOut], b));
    nodes.push(node('MatMul', [h, `W${i}`], `mm${i}`, `matmul${i}`));
    const last = i === layers.length - 1;
    nodes.push(node('Add', [`mm${i}`, `b${i}`], last ? 'y' : `a${i}`, `add${i}`));
    if (!last) nodes.push(node('Relu', [`a${i}`], `h${i}`, `relu${i}`));
    h = `h${i}`;
  });
  const graph = message(
    nodes.map((n) => bytesField(1, n)), bytesField(2, 'mlp'), inits.map((t) => bytesField(5, t)),
    bytesField(11, valueInfo('x', ['batch', layers[0].nIn])), bytesField(12, valueInfo('y', ['batch', layers.at(-1).nOut])),
  );
  const opset = message(bytesField(1, ''), intField(2, 13));
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8.
  return message(intField(1, 7), bytesField(2, producer), bytesField(7, graph), bytesField(8, opset));
}
