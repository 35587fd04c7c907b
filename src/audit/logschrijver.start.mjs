// Entry of the log writer's worker thread: TypeScript runs through tsx here too (the thread starts without the
// parent's loader).
import { register } from 'tsx/esm/api';

register();
await import('./logschrijver.worker.ts');
