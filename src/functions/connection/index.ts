export { linear, LinearFunction, type LinearOptions } from './linear';
