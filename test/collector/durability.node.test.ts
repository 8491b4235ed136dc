/**
 * Nothing the collector acknowledged is ever lost: not across a clean restart, not when
 * the process is killed with SIGKILL in the middle of a stream of batches, not when
 * close() is called while batches are being written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { SERVER_PATH, WRITE_KEY, basicAuth, startCollector, freshDataDir, removeDir, trackEvent, storedIds, type Collector } from './helpers';

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** Runs `node server.mjs` as its own process and resolves with its URL once it prints it. */
function spawnCollector(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [SERVER_PATH], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, WRITE_KEY, DATABASE_URL: '' },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`collector exited with ${code} before listening:\n${output}`)));
  });
}

/** Posts one batch; resolves with the HTTP status, or 0 when the connection failed. */
async function send(url: string, batch: unknown[]): Promise<number> {
  try {
    const response = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basicAuth(WRITE_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

function batchOf(prefix: string, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => trackEvent({ messageId: `${prefix}-${i}` }));
}

/** Opens the data folder in-process to read what is stored. */
async function openStored(dataDir: string): Promise<Collector> {
  return startCollector({ writeKey: WRITE_KEY, dataDir });
}

describe('collector durability', () => {
  it('keeps every acknowledged batch when the process is killed with SIGKILL mid-stream', async () => {
    const dataDir = await freshDataDir();
    dirs.push(dataDir);
    const run = randomUUID();
    const first = await spawnCollector(dataDir);

    // Four senders post batches in a loop; the process is killed while they are running.
    const acknowledged: string[] = [];
    let stop = false;
    const sender = async (id: number) => {
      for (let n = 0; !stop; n++) {
        const prefix = `${run}-${id}-${n}`;
        const status = await send(first.url, batchOf(prefix, 20));
        if (status === 200) acknowledged.push(prefix);
        if (status === 0) return;
      }
    };
    const senders = [0, 1, 2, 3].map(sender);
    while (acknowledged.length < 12) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
    expect(acknowledged.length).toBeGreaterThanOrEqual(12);

    const second = await spawnCollector(dataDir);
    // The restarted collector still takes new batches.
    expect(await send(second.url, batchOf(`${run}-after`, 5))).toBe(200);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(second.child.exitCode).toBe(0);

    const stored = await openStored(dataDir);
    try {
      const ids = new Set(await storedIds(stored, run));
      for (const prefix of acknowledged) {
        for (let i = 0; i < 20; i++) expect(ids.has(`${prefix}-${i}`), `${prefix}-${i}`).toBe(true);
      }
      for (let i = 0; i < 5; i++) expect(ids.has(`${run}-after-${i}`)).toBe(true);
      // A batch is one transaction: a batch cut off by the kill is stored whole or not at all.
      const perBatch = new Map<string, number>();
      for (const id of ids) {
        const prefix = id.slice(0, id.lastIndexOf('-'));
        perBatch.set(prefix, (perBatch.get(prefix) ?? 0) + 1);
      }
      for (const [prefix, count] of perBatch) expect(count, prefix).toBe(prefix.endsWith('-after') ? 5 : 20);
    } finally {
      await stored.close();
    }
  });

  it('lets every batch in flight commit and answers it 200 when close() is called', async () => {
    const dataDir = await freshDataDir();
    dirs.push(dataDir);
    const run = randomUUID();
    const collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
    // Hold each batch at the door of its transaction until all six are in flight. The
    // server reads `db.transaction` at call time, so wrapping it here reaches the handler.
    const original = collector.db.transaction.bind(collector.db);
    let entered = 0;
    let allIn!: () => void;
    const arrived = new Promise<void>((resolve) => (allIn = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    collector.db.transaction = async (fn) => {
      if (++entered === 6) allIn();
      await gate;
      return original(fn);
    };
    const prefixes = Array.from({ length: 6 }, (_, i) => `${run}-${i}`);
    const sends = prefixes.map((prefix) => send(collector.url, batchOf(prefix, 50)));
    await arrived;
    const closing = collector.close();
    // Once closing, a new connection is refused: its client will retry elsewhere or later.
    expect(await send(collector.url, batchOf(`${run}-late`, 1))).toBe(0);
    release();
    await closing;
    expect(await Promise.all(sends)).toEqual([200, 200, 200, 200, 200, 200]);

    const stored = await openStored(dataDir);
    try {
      const ids = await storedIds(stored, run);
      expect(ids).toHaveLength(6 * 50);
      expect(ids.some((id) => id.includes('-late-'))).toBe(false);
    } finally {
      await stored.close();
    }
  });

  it('does not wait for a client that went away in the middle of its upload', async () => {
    const dataDir = await freshDataDir();
    dirs.push(dataDir);
    const collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
    // One plain upload and one gzip upload, both cut off half-way.
    const partial = gzipSync(JSON.stringify({ batch: batchOf('gone', 50) })).subarray(0, 200);
    const uploads = [
      { headers: '', body: Buffer.from('{"batch":[') },
      { headers: 'Content-Encoding: gzip\r\n', body: partial },
    ];
    const sockets = await Promise.all(
      uploads.map(async ({ headers, body }) => {
        const socket = connect(collector.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.write(`POST /v1/batch HTTP/1.1\r\nHost: x\r\nAuthorization: ${basicAuth(WRITE_KEY)}\r\n${headers}Content-Length: 5000\r\n\r\n`);
        socket.write(body);
        return socket;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // close() waits up to 10 s for requests in flight; the abandoned one must not count.
    const outcome = await Promise.race([collector.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000))]);
    expect(outcome).toBe('closed');
  });
});
