/**
 * The lifeboat on its own (happy-dom's localStorage): what tabs share under one key, what a page
 * may remove, and how a blocked or full localStorage is reported instead of thrown.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createLifeboat, type Boarded } from '../../src/delivery/lifeboat';
import type { Report } from '../../src/core/reporter';
import { makeEvent } from './helpers';

const named = (id: string) => ({ ...makeEvent(), messageId: id });
const boarded = (id: string): Boarded => [200, named(id)];
const ids = (list: Boarded[]) => list.map((b) => b[1].messageId);
afterEach(() => {
  localStorage.clear();
});

it('keeps events under one key per store name; another page takes them, and removes only what it names once durable', () => {
  const report = vi.fn<Report>();
  const closing = createLifeboat('shop', report);
  closing.board([boarded('a'), boarded('b')]);
  createLifeboat('shop', report).board([boarded('b'), boarded('c')]); // another tab: b only once
  expect(createLifeboat('other', report).take()).toEqual([]);
  const next = createLifeboat('shop', report);
  expect(ids(next.take())).toEqual(['a', 'b', 'c']);
  next.drop([{ id: 'a' }, { id: 'zzz' }]);
  expect(ids(createLifeboat('shop', report).take())).toEqual(['b', 'c']);
  // A page that neither boarded nor took anything does not touch localStorage.
  createLifeboat('shop', report).drop([{ id: 'b' }]);
  expect(ids(createLifeboat('shop', report).take())).toContain('b');
  next.clear();
  expect(localStorage.length).toBe(0);
  expect(report).not.toHaveBeenCalled();
});

it('reports, never throws, when localStorage is full or blocked, and when the bound is reached', () => {
  const report = vi.fn<Report>();
  const real = globalThis.localStorage;
  vi.stubGlobal('localStorage', {
    getItem: () => null,
    removeItem: () => undefined,
    setItem: () => {
      throw new DOMException('full', 'QuotaExceededError');
    },
  });
  expect(() => createLifeboat('shop', report).board([boarded('a'), boarded('b')])).not.toThrow();
  expect(report).toHaveBeenLastCalledWith('storage_quota', expect.any(String), { lost: 2 }, expect.anything());
  // Storage blocked for this document: reading localStorage itself throws.
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('blocked', 'SecurityError');
    },
  });
  expect(() => createLifeboat('shop', report).board([boarded('c')])).not.toThrow();
  expect(report).toHaveBeenLastCalledWith('storage_unavailable', expect.any(String), { lost: 1 });
  vi.unstubAllGlobals();
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, value: real });
  const big: Boarded[] = Array.from({ length: 30 }, (_, i) => [100_000, named(`big-${i}`)]);
  createLifeboat('shop', report).board(big);
  expect(report).toHaveBeenLastCalledWith('storage_quota', expect.any(String), { lost: 11 }, undefined);
  expect(createLifeboat('shop', report).take()).toHaveLength(19);
});

it('is inert for a store without a name (memory): nothing is kept, nothing reported', () => {
  const report = vi.fn<Report>();
  createLifeboat(undefined, report).board([boarded('a')]);
  expect(localStorage.length).toBe(0);
});
