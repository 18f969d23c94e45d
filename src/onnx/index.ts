export { exportOnnx, ONNX_OPSET, type ExportOnnxOptions, type OnnxExportable } from './export';
