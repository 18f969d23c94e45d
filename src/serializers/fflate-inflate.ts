// fflate's inflate, which zip.ts imports dynamically where the runtime has no node:zlib
// (browsers): a module of its own so that a bundle keeps only the inflate part of fflate.
export { Inflate, inflateSync } from 'fflate';
