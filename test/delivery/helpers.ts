import type { AnalyticsEvent, TrackEvent } from '../../src/core/types';
import type { NewQueueRecord, QueueRecord, Store } from '../../src/storage/store';
import { memoryStore } from '../../src/storage/memory';
import type { TransportRequest, TransportResponse } from '../../src/delivery/index';

let counter = 0;

/** A realistic track event with a unique messageId. */
export function makeEvent(index = counter++, extra: Record<string, string | number> = {}): TrackEvent {
  return {
    type: 'track',
    event: 'clicked',
    properties: { index, ...extra },
    messageId: `m-${index}-${Math.random().toString(36).slice(2, 8)}`,
    timestamp: new Date(Date.UTC(2026, 0, 1) + index).toISOString(),
    anonymousId: 'anon-123456',
    userId: null,
    context: { library: { name: 'nudgekit', version: '0.1.0' }, session: { id: 's-1', index: 1 } },
  };
}

export function sizeOf(event: AnalyticsEvent): number {
  return new TextEncoder().encode(JSON.stringify(event)).length;
}

/** A memory store that counts calls and can be told to fail; `kind` may pretend to be shared between tabs. */
export interface SpyStore extends Store {
  calls: { append: number[]; update: number; remove: number };
  failNext: { append: number };
}

export function spyStore(base: Store = memoryStore(), kind = base.kind): SpyStore {
  const calls = { append: [] as number[], update: 0, remove: 0 };
  const failNext = { append: 0 };
  return {
    ...base,
    kind,
    calls,
    failNext,
    get: (key) => base.get(key),
    async append(records: readonly NewQueueRecord[]): Promise<QueueRecord[]> {
      calls.append.push(records.length);
      if (failNext.append > 0) {
        failNext.append--;
        throw new Error('disk full');
      }
      return base.append(records);
    },
    update(records) {
      calls.update++;
      return base.update(records);
    },
    remove(seqs) {
      calls.remove++;
      return base.remove(seqs);
    },
  };
}

/** A transport under test control: answers from a script, records every request. */
export function scriptedTransport(answer: (request: TransportRequest, index: number) => TransportResponse | Promise<TransportResponse> | 'throw') {
  const requests: { request: TransportRequest; events: AnalyticsEvent[] }[] = [];
  const transport = async (request: TransportRequest): Promise<TransportResponse> => {
    const body = JSON.parse(request.body as string) as { batch: AnalyticsEvent[] };
    requests.push({ request, events: body.batch });
    const reply = await answer(request, requests.length - 1);
    if (reply === 'throw') throw new TypeError('network down');
    return reply;
  };
  return { transport, requests, sentIds: () => requests.flatMap((r) => r.events.map((e) => e.messageId)) };
}

/** Lets pending promise chains run (microtasks and a few macrotasks). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits out a store-lease election (a tab taking a free lease waits 100 ms before reading it back). */
export async function elected(): Promise<void> {
  await sleep(150);
  await settle();
}
