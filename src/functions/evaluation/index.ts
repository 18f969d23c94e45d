export { accuracy } from './accuracy';
