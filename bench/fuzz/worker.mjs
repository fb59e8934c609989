// The worker of bench/fuzz.ts. Node 20 does not carry `--import tsx` into worker threads, so the
// worker registers tsx itself and then loads the TypeScript script, which sees it is a worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('../fuzz.ts', import.meta.url);
