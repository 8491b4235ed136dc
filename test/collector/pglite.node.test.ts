/**
 * The collector contract on PGlite, the default engine: a real PostgreSQL in WebAssembly,
 * on disk in a temp folder, behind real HTTP on 127.0.0.1.
 */
import { collectorContract } from './contract';
import { startCollector, freshDataDir, removeDir, WRITE_KEY } from './helpers';

const dataDir = await freshDataDir();

collectorContract('PGlite', {
  start: () => startCollector({ writeKey: WRITE_KEY, dataDir }),
  cleanup: () => removeDir(dataDir),
});
