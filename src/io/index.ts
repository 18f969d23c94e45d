export * from './files';
export * from './task-local';
