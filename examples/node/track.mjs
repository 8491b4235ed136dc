#!/usr/bin/env node
/**
 * Server-side tracking with NudgeKit in Node: events your backend knows about (an order
 * shipped, a subscription renewed) go to the same collector as the browser's, in the same
 * format, with the same lossless queue. The queue lives in a file, so events tracked just
 * before a crash are sent by the next run.
 *
 *   npm run build
 *   node examples/collector/server.mjs            # another terminal; listens on 127.0.0.1:4400
 *   node examples/node/track.mjs
 *
 * Environment: NUDGEKIT_ENDPOINT (default http://127.0.0.1:4400/v1/batch), WRITE_KEY
 * (default demo-write-key, the collector's), NUDGEKIT_STORE (a file path, or `memory`;
 * default nudgekit-node-example/queue.json in the OS temp dir, so running the example
 * leaves nothing in the folder it was run from).
 */
// In an app: import { createNudgeKit } from 'nudgekit'; import { lifecycle } from 'nudgekit/lifecycle'; import { fileStore } from 'nudgekit/node';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNudgeKit } from '../../dist/index.mjs';
import { lifecycle } from '../../dist/lifecycle.mjs';
import { fileStore } from '../../dist/node.mjs';

const endpoint = process.env.NUDGEKIT_ENDPOINT || 'http://127.0.0.1:4400/v1/batch';
const writeKey = process.env.WRITE_KEY || 'demo-write-key';
// A real server keeps its queue somewhere durable that it owns, e.g. /var/lib/<app>/nudgekit.json.
const storeOption = process.env.NUDGEKIT_STORE || join(tmpdir(), 'nudgekit-node-example', 'queue.json');

const errors = [];
const nk = createNudgeKit({
  endpoint,
  writeKey,
  store: storeOption === 'memory' ? 'memory' : fileStore({ path: storeOption }),
  // A server sends in bigger, less frequent batches than a page.
  batch: { maxEvents: 100, intervalMs: 2000 },
  features: [lifecycle({ conversionEvents: ['order_paid'], revenueProperty: 'amount' })],
  onError: (err) => {
    errors.push(err);
    console.warn(`nudgekit: ${err.code}: ${err.message}`);
  },
});

// One client per process here; in a multi-user server, keep one client per user (or pass
// the user's id on every call) so each user's profile stays separate.
nk.identify('user-42', { plan: 'pro', signupSource: 'server-example' });
nk.track('order_paid', { orderId: 'A-1001', amount: 59.9, currency: 'EUR' });
nk.track('order_shipped', { orderId: 'A-1001', carrier: 'DHL' });
nk.track('subscription_renewed', { plan: 'pro', months: 12 });

await nk.flush();
const stats = nk.stats();
const profile = nk.profile();
await nk.shutdown();

// `failed` counts events the backend refused for good; `dropped`, events never sent (queue cap, invalid, no consent).
console.log(`events: sent ${stats.sent}, still queued ${stats.queued}, refused by the backend ${stats.failed}, dropped before sending ${stats.dropped}`);
console.log(`profile: stage ${profile.stage}, tier ${profile.tier}, conversions ${profile.conversions.count}, revenue ${profile.conversions.revenue}`);
// Events still queued are kept in the store file and go out on the next run.
process.exitCode = stats.queued === 0 && errors.length === 0 ? 0 : 1;
