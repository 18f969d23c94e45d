// Registers the WebGL2 backend: where a context with float render targets can be made (a
// page, or a worker through OffscreenCanvas); 'auto' prefers it. Imported for this effect
// by the library's entry (listed under "sideEffects" in package.json).
import { registerBackend } from '../index';
import { createWebglBackend, webglUnavailableReason } from './webgl-backend';

registerBackend('webgl', createWebglBackend, webglUnavailableReason);
