import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/core/emitter';
import { createWorkQueue } from '../../src/client/work-queue';
import { uuid } from '../../src/core/ids';

describe('createEmitter', () => {
  it('isolates listeners: one throwing does not stop the others', () => {
    const errors: unknown[] = [];
    const emitter = createEmitter<{ ping: [n: number] }>((e) => errors.push(e));
    const seen: number[] = [];
    emitter.on('ping', () => { throw new Error('bad listener'); });
    emitter.on('ping', (n) => seen.push(n));
    emitter.emit('ping', 7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('unsubscribes with the returned function and with off', () => {
    const emitter = createEmitter<{ ping: [] }>(() => {});
    let calls = 0;
    const listener = () => calls++;
    const stop = emitter.on('ping', listener);
    emitter.emit('ping');
    stop();
    emitter.emit('ping');
    emitter.on('ping', listener);
    emitter.off('ping', listener);
    emitter.emit('ping');
    expect(calls).toBe(1);
    expect(emitter.count('ping')).toBe(0);
  });
});

describe('createWorkQueue', () => {
  it('runs items pushed during an item after it, in order', () => {
    const order: string[] = [];
    const queue = createWorkQueue(() => {});
    queue.push(() => {
      order.push('a start');
      queue.push(() => order.push('b'));
      order.push('a end');
    });
    queue.push(() => order.push('c'));
    expect(order).toEqual(['a start', 'a end', 'b', 'c']);
  });

  it('reports a failing item and keeps going', () => {
    const errors: unknown[] = [];
    const queue = createWorkQueue((e) => errors.push(e));
    let ran = false;
    queue.push(() => { throw new Error('x'); });
    queue.push(() => { ran = true; });
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });
});

describe('uuid', () => {
  it('makes RFC 4122 version 4 ids, unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, uuid));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
