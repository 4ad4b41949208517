// Worker threads start from plain JavaScript: this entry loads tsx, then the TypeScript worker (as the audit's
// src/audit/audit-worker-entry.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./derive-worker.ts');
