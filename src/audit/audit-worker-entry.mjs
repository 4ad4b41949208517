// Worker threads start from plain JavaScript: this entry loads tsx, then the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./audit-worker.ts');
