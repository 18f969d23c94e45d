export { broadcastTo, sumTo, BroadcastTo, SumTo } from './broadcast';
export { reshape, Reshape } from './reshape';
export { transpose, Transpose } from './transpose';
