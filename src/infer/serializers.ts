// The loading half of serializers, for kusari/infer.
export { loadNpz, readNpz, type LoadNpzOptions } from '../serializers/npz';
export { NpzDeserializer, type NpzDeserializerOptions } from '../serializers/npz-deserializer';
export { NpzFile, NpzMemberError } from '../serializers/npz-file';
export { Serializer, type Serializable, type SerialValue, type ScalarKind } from '../serializers/serializer';
