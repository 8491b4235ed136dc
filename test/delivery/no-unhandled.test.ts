import { afterAll, beforeAll, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import { createDelivery } from '../../src/delivery/index';
import { memoryStore } from '../../src/storage/memory';
import { makeEvent, settle, sizeOf, sleep, spyStore } from './helpers';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

it('leaves no unhandled rejection when everything around it fails', async () => {
  const clock = createManualClock();
  const broken = spyStore(memoryStore(), 'shared');
  broken.failNext.append = 3;
  const failingStore = { ...broken, update: () => Promise.reject(new Error('update failed')), size: () => Promise.reject(new Error('size failed')) };
  const throwingHandler = () => {
    throw new Error('the host app onError throws');
  };
  const variants = [
    createDelivery({ store: failingStore, clock, onError: throwingHandler, options: { endpoint: '/b', transport: () => Promise.reject(new Error('down')) } }),
    createDelivery({ store: memoryStore(), clock, onError: throwingHandler, options: { format: () => { throw new Error('format bug'); } , transport: async () => ({ status: 200 }) } }),
    createDelivery({ store: memoryStore(), clock, onError: throwingHandler, options: { endpoint: '/b', transport: () => { throw new Error('sync throw'); } } }),
    createDelivery({ store: memoryStore(), clock, onError: throwingHandler, options: { endpoint: '/b', transport: async () => (undefined as unknown as { status: number }) } }),
  ];
  for (const delivery of variants) {
    await delivery.start();
    for (let i = 0; i < 5; i++) {
      const event = makeEvent();
      delivery.enqueue(event, sizeOf(event));
    }
    // flush() must settle even here (it used to hang on a write that kept failing).
    expect(await Promise.race([delivery.flush().then(() => 'settled'), sleep(1000).then(() => 'hung')])).toBe('settled');
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('online'));
    clock.advance(120_000);
    await settle(20);
    await delivery.purge();
    await delivery.shutdown();
  }
  await settle(20);
  expect(unhandled).toEqual([]);
});

it('leaves no unhandled rejection when an async onError rejects', async () => {
  const clock = createManualClock();
  const calls: string[] = [];
  // An async handler that fails, as a host app's `async (err) => await sendToSentry(err)` does when offline.
  const rejectingHandler = async (error: { code: string }) => {
    calls.push(error.code);
    throw new Error('the host app onError rejects');
  };
  const delivery = createDelivery({ store: memoryStore(), clock, onError: rejectingHandler, options: { endpoint: '/b', transport: () => Promise.reject(new Error('down')) } });
  await delivery.start();
  const event = makeEvent();
  delivery.enqueue(event, sizeOf(event));
  await delivery.flush();
  await settle(20);
  await delivery.shutdown();
  await settle(20);
  expect(calls).toContain('delivery_failed');
  expect(unhandled).toEqual([]);
});
