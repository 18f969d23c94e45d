export { tanh, sigmoid, Tanh, Sigmoid } from './elementwise';
