/**
 * The rule engine's save scheduler: one save at the end of a tick, and after `stop()` none,
 * with nothing of the engine kept by a save still queued.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createTickSave } from '../../src/rules/tick-save';

// A way to force a collection in this process: V8 hands `gc` to contexts made after the flag is set.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const endOfTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('createTickSave', () => {
  it('saves once at the end of the tick however often it is asked', async () => {
    let saves = 0;
    const tick = createTickSave(() => saves++);
    tick.persist();
    tick.persist();
    expect(saves).toBe(0);
    await endOfTick();
    expect(saves).toBe(1);
  });

  it('stop() saves what is scheduled at once, and nothing after', async () => {
    let saves = 0;
    const tick = createTickSave(() => saves++);
    tick.persist();
    tick.stop();
    expect(saves).toBe(1);
    tick.persist();
    tick.saveNow();
    await endOfTick();
    expect(saves).toBe(1);
  });

  it('a save queued before stop() lets go of the writer: engines stopped in one synchronous loop are collected', () => {
    // Each writer holds 80 KB; 2,000 of them are 160 MB if the queued saves keep them. The
    // queued saves only run once this test's synchronous code is over.
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) {
      const state = new Array<number>(10_000).fill(i);
      const tick = createTickSave(() => void state.length);
      tick.persist();
      tick.stop();
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20_000_000);
  });

  it('engines saving in the same tick share one microtask, and each saves once', async () => {
    const queue = globalThis.queueMicrotask;
    let queued = 0;
    globalThis.queueMicrotask = (fn) => {
      queued++;
      queue(fn);
    };
    try {
      const saves: number[] = [];
      const ticks = [0, 1, 2].map((i) => createTickSave(() => saves.push(i)));
      for (const tick of ticks) tick.persist();
      ticks[1]!.stop(); // saves at once and leaves the list
      expect(saves).toEqual([1]);
      await endOfTick();
      expect(saves).toEqual([1, 0, 2]);
      expect(queued).toBe(1);
    } finally {
      globalThis.queueMicrotask = queue;
    }
  });
});
