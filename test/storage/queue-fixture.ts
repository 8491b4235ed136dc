/**
 * Shared by the queue benchmarks: a realistic queued event of about 400 bytes, as the
 * client builds it (Segment-style track event with context), and its queue record.
 */
import type { NewQueueRecord } from '../../src/storage/store';

export function queuedEvent(i: number): NewQueueRecord {
  const event = {
    type: 'track',
    event: 'add_to_cart',
    messageId: `3f1c2a9e-8d4b-4c1e-9f0a-${String(i).padStart(12, '0')}`,
    timestamp: new Date(1_767_225_600_000 + i * 1000).toISOString(),
    anonymousId: 'a9b8c7d6-e5f4-4a3b-8c2d-1e0f9a8b7c6d',
    userId: 'user-42',
    properties: { sku: `SKU-${i % 500}`, price: 19.9, currency: 'EUR', quantity: 1 + (i % 3) },
    context: {
      library: { name: 'nudgekit', version: '0.1.0' },
      page: { path: '/products/42', url: 'https://shop.example.com/products/42', title: 'Product 42' },
      locale: 'de-DE',
      session: { id: 's-1767225600000', index: 3 },
    },
  };
  return { id: event.messageId, bytes: JSON.stringify(event).length, event, attempts: 0 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
