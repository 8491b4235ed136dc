/**
 * `GET /v1/export` and the what-if page: the stored events come back device by device in
 * time order, whatever order they arrived in; `nudgekit simulate` reads the export and gives
 * the report the events give directly; the page runs a posted rules document and shows it
 * beside the live figures, under its strict policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Collector, WRITE_KEY, freshDataDir, removeDir, startCollector, post, tempDir } from './helpers';
import { history, random } from '../simulate/history';
import { simulate } from '../../src/entries/simulate';
import { runSimulate } from '../../src/cli/simulate-command';

const nudge = { type: 'toast', body: 'Hi' };
const RULES = [
  { id: 'big-cart', trigger: { event: 'add_to_cart', where: { price: { $gte: 100 } } }, cap: { perDay: 1 }, nudge },
  { id: 'welcome-back', trigger: { stageChange: { to: 'resurrected' } }, holdout: 0.2, nudge },
];

let collector: Collector;
let dataDir: string;
let dir: string;
// Over 2,000 events: the export reads more than one page.
const events = [...history({ users: 120, perUser: 25, seed: 11 })].map((e) => ({ ...e, context: { ...e.context, session: { id: 's', index: 1 } } }));

beforeAll(async () => {
  dataDir = await freshDataDir();
  dir = await tempDir('nk-export-');
  collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
  // Arrived out of order: shuffled, and a device's live nudge_shown among them.
  const shuffled = [...events];
  const rnd = random(5);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const live = { ...events[3]!, type: 'track', event: 'nudge_shown', messageId: 'live-1', properties: { ruleId: 'big-cart', nudgeId: 'n1', type: 'toast' } };
  for (let i = 0; i < shuffled.length; i += 400) {
    const { status } = await post(collector, { batch: shuffled.slice(i, i + 400).concat(i === 0 ? [live as never] : []) });
    expect(status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await collector?.close();
  await removeDir(dataDir);
  await removeDir(dir);
});

describe('GET /v1/export', () => {
  it('streams every stored event as NDJSON, device by device, each in time order', async () => {
    const response = await fetch(`${collector.url}/v1/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l) as { anonymousId: string; timestamp: string; messageId: string });
    expect(lines).toHaveLength(events.length + 1);
    for (let i = 1; i < lines.length; i++) {
      const [a, b] = [lines[i - 1]!, lines[i]!];
      expect(a.anonymousId <= b.anonymousId).toBe(true);
      if (a.anonymousId === b.anonymousId) expect(Date.parse(a.timestamp) <= Date.parse(b.timestamp)).toBe(true);
    }
    expect(new Set(lines.map((l) => l.messageId)).size).toBe(lines.length);
  });

  it('limits by time with from and to, and refuses a bad date', async () => {
    const all = (await (await fetch(`${collector.url}/v1/export`)).text()).trim().split('\n').length;
    const some = (await (await fetch(`${collector.url}/v1/export?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`)).text()).trim().split('\n');
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all);
    for (const l of some) expect(JSON.parse(l).timestamp >= '2026-03-01').toBe(true);
    expect((await fetch(`${collector.url}/v1/export?from=yesterday`)).status).toBe(400);
  });

  it('is what nudgekit simulate reads: the same report as the events themselves', async () => {
    const exported = join(dir, 'export.ndjson');
    await writeFile(exported, await (await fetch(`${collector.url}/v1/export`)).text());
    await writeFile(join(dir, 'rules.json'), JSON.stringify({ rules: RULES }));
    const run = await runSimulate(['--rules', join(dir, 'rules.json'), '--events', exported, '--json', '--no-progress']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const fromCli = JSON.parse(run.stdout);
    const direct = await simulate(events, { rules: RULES });
    expect(fromCli.rules).toEqual(JSON.parse(JSON.stringify(direct.rules)));
    expect(fromCli.skipped).toBe(1); // the live nudge_shown: the replay makes its own
    expect(direct.rules[0]!.shown.users).toBeGreaterThan(0);
  });
});

describe('the what-if page', () => {
  it('shows a form filled with the live rules, under a policy with no script', async () => {
    const response = await fetch(`${collector.url}/what-if`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/what-if">');
    expect(html).not.toContain('<script');
  });

  it('runs a posted rules document over the stored events, beside the live figures', async () => {
    const response = await fetch(`${collector.url}/what-if`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ rules: JSON.stringify(RULES) }) });
    expect(response.status).toBe(200);
    const html = await response.text();
    const direct = await simulate(events, { rules: RULES });
    expect(html).toContain('Simulated beside live');
    expect(html).toContain(`<tr><td>big-cart</td><td>${direct.rules[0]!.triggered.users}</td>`);
    // The live nudge_shown stored for big-cart: one device, one nudge.
    expect(html).toMatch(/<td>1<\/td><td>1<\/td><td>0<\/td><\/tr>/);
  });

  it('names the problem in a bad document, escaped', async () => {
    const bad = [{ id: '<b>x</b>', trigger: { event: 'a' }, nudge: { type: 'toast' }, cap: { perDay: -1 } }];
    const response = await fetch(`${collector.url}/what-if`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ rules: JSON.stringify(bad) }) });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('rules[0].cap.perDay');
    expect(html).not.toContain('<b>x</b>');
  });
});
