export { StandardUpdater, type StandardUpdaterOptions } from './standard-updater';
export type { Updater, UpdaterOptimizer, TargetLink, BatchFunction } from './updater';
