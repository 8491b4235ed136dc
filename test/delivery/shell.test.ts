/**
 * The delivery shell the client holds (src/delivery/shell.ts) while the engine's chunk cannot
 * load: what it keeps, within which bound, what a purge deletes, and what it hands the engine
 * once the chunk arrives.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { AnalyticsEvent } from '../../src/core/types';
import { createLifeboat } from '../../src/delivery/lifeboat';
import { createDeliveryShell } from '../../src/delivery/shell';
import type { FormatMeta } from '../../src/delivery/options';
import { memoryStore } from '../../src/storage/memory';
import { makeEvent, sizeOf } from './helpers';

const chunk = vi.hoisted(() => ({ fail: true }));
vi.mock('../../src/delivery/delivery', async (importOriginal) => {
  if (chunk.fail) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

afterEach(() => localStorage.clear());

function setup(maxEvents = 3) {
  const errors: NudgeKitError[] = [];
  const sent: Array<{ ids: string[]; meta: FormatMeta }> = [];
  const store = memoryStore();
  const lifeboat = createLifeboat('shell-test', (code, message) => errors.push({ code, message } as NudgeKitError));
  const shell = createDeliveryShell({
    store,
    clock: systemClock,
    onError: (e) => errors.push(e),
    lifeboat,
    options: {
      endpoint: 'http://127.0.0.1:9/v1/batch',
      queue: { maxEvents },
      format: (events: AnalyticsEvent[], meta: FormatMeta) => {
        sent.push({ ids: events.map((e) => e.messageId), meta });
        return { url: 'http://127.0.0.1:9/v1/batch', body: '[]' };
      },
      transport: async () => ({ status: 200 }),
    },
  });
  return { shell, store, lifeboat, errors, sent };
}

it('keeps at most queue.maxEvents events without the engine, drops the oldest, counts and reports it, and boards the rest on pagehide', async () => {
  chunk.fail = true;
  const { shell, errors } = setup(3);
  await shell.start();
  const events = [0, 1, 2, 3, 4].map((i) => makeEvent(i));
  for (const e of events) shell.enqueue(e, sizeOf(e));
  expect(shell.stats()).toMatchObject({ queued: 3, dropped: 2, sent: 0 });
  expect(errors.map((e) => e.code)).toEqual(['chunk_load_failed', 'queue_overflow']);
  expect(errors[1]!.details).toEqual({ maxEvents: 3 });

  window.dispatchEvent(new Event('pagehide'));
  const next = createLifeboat('shell-test', () => {});
  expect(next.take().map(([, e]) => e.messageId)).toEqual(events.slice(2).map((e) => e.messageId));
});

it('purges without the engine: what waits, the lifeboat, and the queue earlier pages left in the store', async () => {
  chunk.fail = true;
  const { shell, store, lifeboat } = setup();
  const old = makeEvent();
  await store.append([{ id: old.messageId, bytes: sizeOf(old), event: old, attempts: 0 }]);
  lifeboat.board([[sizeOf(old), makeEvent()]]);
  await shell.start();
  const waiting = makeEvent();
  shell.enqueue(waiting, sizeOf(waiting));
  await shell.purge();
  expect(await store.head(10)).toEqual([]);
  expect(createLifeboat('shell-test', () => {}).take()).toEqual([]);
  expect(shell.stats().queued).toBe(0);
});

// Last: once the mocked chunk has loaded, vitest keeps it.
it('once the chunk loads (a later flush), hands the engine what waited, in order, with the drops to report to the backend', async () => {
  chunk.fail = true;
  const { shell, errors, sent } = setup(10);
  await shell.start();
  const events = [0, 1, 2].map((i) => makeEvent(i));
  for (const e of events) shell.enqueue(e, sizeOf(e));
  shell.countDropped(4);
  expect(errors.map((e) => e.code)).toEqual(['chunk_load_failed']);

  chunk.fail = false;
  await shell.flush();
  expect(sent.flatMap((s) => s.ids)).toEqual(events.map((e) => e.messageId));
  expect(sent[0]!.meta.droppedEvents).toBe(4);
  expect(shell.stats()).toMatchObject({ queued: 0, sent: 3 });
  await shell.shutdown();
});
