/**
 * A process (or tab) whose clock ran 2 h ahead leaves leases behind when it is killed: the delivery lease
 * in the file store and the per-record leases of the batch it was sending. The next process, with
 * the right time, must not honour them for 2 h. Real processes, a real file store on a temp dir,
 * a real HTTP server on 127.0.0.1.
 */
// The browser store's own code (src/storage/indexeddb.ts) over fake-indexeddb; Node 20 has no
// Web Locks, so delivery elects its sender with the stored lease, as a browser without them does.
import 'fake-indexeddb/auto';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import { createDelivery } from '../../src/delivery/index';
import { fileStore } from '../../src/storage/file';
import { indexedDBStore } from '../../src/storage/indexeddb';
import { STORE_KEYS } from '../../src/storage/store';
import { startServer, type TestServer } from '../e2e/harness';
import { sleep } from './helpers';

const TWO_HOURS = 2 * 3_600_000;
let server: TestServer;
let dir: string;
/** What the server accepted, by messageId. */
const accepted: string[] = [];
let hang = true;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nk-skew-'));
  server = await startServer(async (request) => {
    const ids = (JSON.parse(request.body.toString('utf8')) as { batch: { messageId: string }[] }).batch.map((e) => e.messageId);
    // The first process never hears back: it is killed while its batch is out.
    if (hang) return new Promise(() => undefined);
    accepted.push(...ids);
    return { status: 200 };
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('sends the events a killed process with a clock 2 h ahead left leased, within 30 s', async () => {
  const path = join(dir, 'state.json');
  const entry = join(dir, 'entry.ts');
  const src = resolve(__dirname, '../../src');
  await writeFile(
    entry,
    `export { createDelivery } from ${JSON.stringify(join(src, 'delivery/index.ts'))};
export { fileStore } from ${JSON.stringify(join(src, 'storage/file.ts'))};
export { systemClock } from ${JSON.stringify(join(src, 'core/clock.ts'))};`,
  );
  const build = await rolldown({ input: entry, platform: 'node', logLevel: 'silent' });
  const { output } = await build.generate({ format: 'esm' });
  await build.close();
  await writeFile(join(dir, 'sdk.mjs'), output[0].code);
  await writeFile(
    join(dir, 'ahead.mjs'),
    `import { createDelivery, fileStore, systemClock } from './sdk.mjs';
const [path, endpoint] = process.argv.slice(2);
// The clock injection every module takes: this process's clock runs 2 h ahead.
const clock = { now: () => Date.now() + ${TWO_HOURS}, setTimeout: systemClock.setTimeout };
const delivery = createDelivery({ store: fileStore({ path }), clock, onError: () => {}, options: { endpoint, timeoutMs: 2000, batch: { intervalMs: 50 } } });
await delivery.start();
for (let i = 0; i < 5; i++) delivery.enqueue({ type: 'track', event: 'e', properties: { i }, messageId: 'ahead-' + i, timestamp: new Date().toISOString(), anonymousId: 'a', userId: null, context: {} }, 100);
await delivery.whenPersisted();
setInterval(() => {}, 1000); // stay alive until killed
`,
  );
  const child = spawn(process.execPath, [join(dir, 'ahead.mjs'), path, `${server.origin}/v1/batch`], { stdio: 'inherit' });
  try {
    // Killed while its batch is out: the leases it wrote stay in the file.
    const deadline = Date.now() + 20_000;
    while (server.requests.length === 0 && Date.now() < deadline) await sleep(20);
    expect(server.requests).toHaveLength(1);
  } finally {
    child.kill('SIGKILL');
    await new Promise((done) => child.once('exit', done));
  }
  const reader = fileStore({ path });
  const lease = await reader.get<{ until: number }>(STORE_KEYS.lease);
  const records = await reader.head(100);
  await reader.close();
  expect(lease!.until - Date.now()).toBeGreaterThan(TWO_HOURS - 60_000);
  expect(records.map((r) => r.leaseUntil! - Date.now()).every((ahead) => ahead > TWO_HOURS - 60_000)).toBe(true);

  hang = false;
  const errors: NudgeKitError[] = [];
  const started = Date.now();
  const next = createDelivery({ store: fileStore({ path }), clock: systemClock, onError: (e) => errors.push(e), options: { endpoint: `${server.origin}/v1/batch`, timeoutMs: 2000, batch: { intervalMs: 50 } } });
  await next.start();
  try {
    while (accepted.length < 5 && Date.now() - started < 30_000) await sleep(50);
    const took = Date.now() - started;
    console.log(`events left leased 2 h ahead by a killed process: sent ${took} ms after the next start`);
    expect(accepted.sort()).toEqual(['ahead-0', 'ahead-1', 'ahead-2', 'ahead-3', 'ahead-4']);
    expect(took).toBeLessThan(30_000);
  } finally {
    await next.shutdown();
  }
}, 90_000);

it('sends what a tab with a clock 2 h ahead left leased in IndexedDB, within 30 s', async () => {
  // What a closed tab leaves behind: its delivery lease and the leases of the batch it had out.
  const store = indexedDBStore({ name: 'nk-skew' });
  const ahead = Date.now() + TWO_HOURS;
  const records = await store.append(
    [0, 1, 2].map((i) => ({ id: `tab-${i}`, bytes: 100, attempts: 0, leaseOwner: 'closed-tab', leaseUntil: ahead + 7000, event: { type: 'track', event: 'e', properties: {}, messageId: `tab-${i}`, timestamp: new Date().toISOString(), anonymousId: 'a', userId: null, context: {} } })),
  );
  expect(records).toHaveLength(3);
  await store.set(STORE_KEYS.lease, { owner: 'closed-tab', until: ahead + 7000 });
  hang = false;
  accepted.length = 0;
  const started = Date.now();
  const next = createDelivery({ store, clock: systemClock, onError: () => {}, options: { endpoint: `${server.origin}/v1/batch`, timeoutMs: 2000, batch: { intervalMs: 50 } } });
  await next.start();
  try {
    while (accepted.length < 3 && Date.now() - started < 30_000) await sleep(50);
    console.log(`IndexedDB leases 2 h ahead: sent ${Date.now() - started} ms after the next start`);
    expect(accepted.sort()).toEqual(['tab-0', 'tab-1', 'tab-2']);
    expect(await store.size()).toMatchObject({ count: 0 });
  } finally {
    await next.shutdown();
    await store.close();
  }
}, 60_000);
