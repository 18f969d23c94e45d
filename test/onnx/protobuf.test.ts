// The protobuf writer against the encodings worked out in the protocol-buffers
// documentation ("Encoding"): 150 as field 1, "testing" as field 2, [3, 270, 86942] packed
// as field 4, and the ten-byte two's complement of a negative int64.
import { suite } from 'uvu';
import { bytesField, floatField, intField, message, packedIntsField } from '../../src/onnx/protobuf';
import { assert } from '../util';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

const s = suite('onnx protobuf writer');

s('varint fields', () => {
  assert.is(hex(intField(1, 150)), '08 96 01');
  assert.is(hex(intField(1, 0)), '08 00');
  assert.is(hex(intField(2, -1)), '10 ff ff ff ff ff ff ff ff ff 01');
  assert.is(hex(intField(1, 2 ** 53 - 1)), '08 ff ff ff ff ff ff ff 0f');
});

s('length-delimited fields: strings, bytes and nested messages', () => {
  assert.is(hex(bytesField(2, 'testing')), '12 07 74 65 73 74 69 6e 67');
  assert.is(hex(bytesField(3, message(intField(1, 150)))), '1a 03 08 96 01');
  assert.is(hex(bytesField(5, new Uint8Array(0))), '2a 00');
});

s('packed repeated varints, and nothing for an empty list', () => {
  assert.is(hex(packedIntsField(4, [3, 270, 86942])), '22 06 03 8e 02 9e a7 05');
  assert.is(packedIntsField(4, []).length, 0);
});

s('float fields are little-endian singles', () => {
  assert.is(hex(floatField(2, 1)), '15 00 00 80 3f');
  assert.is(hex(floatField(2, -0.5)), '15 00 00 00 bf');
});

s('a message concatenates its fields and skips absent ones', () => {
  assert.is(hex(message(intField(1, 1), null, [intField(2, 2), intField(3, 3)], undefined)), '08 01 10 02 18 03');
});

s.run();
