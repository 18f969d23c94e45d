// Imported first when KUSARI_WEBGL=1: turns on the experimental WebGL2 backend before the
// suites ask which backends are available.
import { backend } from '../src/index';

backend.enableExperimentalWebgl();
