// Development entry for the map-pack import worker: registers the TypeScript loader inside this
// thread, then runs worker.ts. The packaged app runs the bundled mappack-worker.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
