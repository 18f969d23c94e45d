export { Serializer, type Serializable, type SerialValue, type ScalarKind } from './serializer';
