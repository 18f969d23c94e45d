export { dropout, Dropout, type DropoutOptions } from './dropout';
