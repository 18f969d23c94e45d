export * from './files';
export * from './task-local';
export * from './inspect';
