export { Serializer, type Serializable, type SerialValue, type ScalarKind } from './serializer';
export { saveNpz, loadNpz, writeNpz, readNpz, type SaveNpzOptions, type LoadNpzOptions, type NpzDictionary } from './npz';
export { DictionarySerializer } from './dictionary-serializer';
export { NpzDeserializer, type NpzDeserializerOptions, type IgnoreName, type IgnoreNames } from './npz-deserializer';
export { NpzFile, NpzMemberError } from './npz-file';
export { NpyArray, encodeNpy, decodeNpy, decodeNpyHeader, npyDataOffset, npyHeader, type NpyData, type NpyHeader } from './npy';
