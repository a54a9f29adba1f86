/**
 * A minimal ONNX model (one Identity node over a float tensor of shape [1]) encoded by hand, so
 * the health check can prove onnxruntime-node actually runs a graph, not only that its .node file
 * loads, without shipping a probe file or depending on the installed diagnosis model.
 *
 * Protobuf wire format: a field key is (number << 3 | wire type); type 0 is a varint, type 2 is a
 * length-delimited byte string. Field numbers are from onnx.proto (ModelProto, GraphProto, ...).
 */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

const num = (field: number, value: number) => [...varint(field << 3), ...varint(value)];
const bytes = (field: number, payload: number[]) => [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
const str = (field: number, text: string) => bytes(field, [...new TextEncoder().encode(text)]);

const FLOAT = 1;
/** ValueInfoProto { name, type: TypeProto { tensor_type { elem_type: FLOAT, shape { dim { dim_value: 1 } } } } } */
const floatVector = (name: string) =>
  [...str(1, name), ...bytes(2, bytes(1, [...num(1, FLOAT), ...bytes(2, bytes(1, num(1, 1)))]))];

export function identityModel(): Uint8Array {
  const node = [...str(1, 'x'), ...str(2, 'y'), ...str(4, 'Identity')];
  const graph = [...bytes(1, node), ...str(2, 'probe'), ...bytes(11, floatVector('x')), ...bytes(12, floatVector('y'))];
  const opset = [...str(1, ''), ...num(2, 13)];
  const model = [...num(1, 8), ...bytes(8, opset), ...bytes(7, graph)];
  return Uint8Array.from(model);
}
