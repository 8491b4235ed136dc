/**
 * `nudgekit simulate`: the arguments, a clear one-line error with the line number for bad
 * input, a bad rule named by its path, and a transactions CSV mapped to purchases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runSimulate } from '../../src/cli/simulate-command';
import { parseArgs, UsageError } from '../../src/cli/args';
import { history } from './history';

let dir: string;
const file = (name: string) => join(dir, name);
const RULES = { rules: [{ id: 'second-order', trigger: { milestone: { event: 'purchase', count: 2 } }, nudge: { type: 'toast', body: 'Thanks' } }] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nk-cli-'));
  await writeFile(file('rules.json'), JSON.stringify(RULES));
  await writeFile(file('events.ndjson'), [...history({ users: 30, perUser: 20 })].map((e) => JSON.stringify(e)).join('\n') + '\n');
  await writeFile(file('orders.csv'), 'order_id,customer,day,total\n1,c1,2026-01-03,20.5\n2,c2,2026-01-04,"35"\n3,c1,2026-01-09,12\n4,c1,2026-02-01,80\n5,c3,2026-02-02,9.99\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('nudgekit simulate', () => {
  it('prints the tables for an NDJSON export', async () => {
    const run = await runSimulate(['--rules', file('rules.json'), '--events', file('events.ndjson'), '--no-progress']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^30 users, [\d,]+ events replayed/);
    expect(run.stdout).toContain('second-order');
  });

  it('maps a transactions CSV to purchases: c1 is the one customer with a second order', async () => {
    const run = await runSimulate(['--rules', file('rules.json'), '--csv', file('orders.csv'), '--csv-map', 'user=customer,date=day,amount=total', '--json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.users).toBe(3);
    expect(report.events).toBe(5);
    expect(report.rules[0].shown).toEqual({ users: 1, times: 1 });
  });

  it('stops at a malformed line, naming the file and the line', async () => {
    await writeFile(file('bad.ndjson'), '{"type":"track","event":"a","anonymousId":"x","timestamp":"2026-01-01T00:00:00Z"}\n\n{"type":"track",\n');
    const run = await runSimulate(['--rules', file('rules.json'), '--events', file('bad.ndjson')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^nudgekit simulate: ${file('bad.ndjson').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: malformed JSON`));
    await writeFile(file('bad2.ndjson'), '{"type":"track","event":"a","anonymousId":"x","timestamp":"soon"}\n');
    expect((await runSimulate(['--rules', file('rules.json'), '--events', file('bad2.ndjson')])).stderr).toContain('bad2.ndjson:1: timestamp: expected an ISO 8601 date');
    await writeFile(file('bad.csv'), 'user,date,amount\nc1,2026-01-01,ten\n');
    expect((await runSimulate(['--rules', file('rules.json'), '--csv', file('bad.csv')])).stderr).toContain('bad.csv:2: amount: expected a number, got "ten"');
  });

  it('refuses a bad rule with its path before reading any event', async () => {
    await writeFile(file('bad-rules.json'), JSON.stringify({ rules: [{ id: 'x', trigger: { event: 'a' }, when: { plan: { $gte: {} } }, nudge: { type: 'toast' } }] }));
    const run = await runSimulate(['--rules', file('bad-rules.json'), '--events', file('events.ndjson')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad rule or setting: rules[0].when.plan.$gte');
  });

  it('explains a usage mistake with exit code 2', async () => {
    for (const argv of [[], ['--rules', file('rules.json')], ['--rules', file('rules.json'), '--events', 'a', '--csv', 'b'], ['--rules', file('rules.json'), '--events', file('nope.ndjson')], ['--wat']]) {
      const run = await runSimulate(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Usage: nudgekit simulate');
    }
  });

  it('never throws, whatever the arguments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom('--rules', '--events', '--csv', '--json', '--from', '--to', '--order', '--dwell', file('rules.json'), file('events.ndjson')), fc.string()), { maxLength: 8 }), async (argv) => {
        const run = await runSimulate(argv);
        expect([0, 1, 2]).toContain(run.code);
        if (run.code !== 0) expect(run.stderr).toMatch(/^nudgekit simulate: /);
      }),
      { numRuns: 60 },
    );
  });
});

describe('parseArgs', () => {
  it('reads --name value, --name=value and flags, and refuses unknown or repeated options', () => {
    expect(parseArgs(['x', '--a', '1', '--b=2', '--c'], { a: 'string', b: 'string', c: 'flag' })).toEqual({ positional: ['x'], values: { a: '1', b: '2', c: true } });
    expect(() => parseArgs(['--d'], { a: 'string' })).toThrow(UsageError);
    expect(() => parseArgs(['--a', '1', '--a', '2'], { a: 'string' })).toThrow('--a given twice');
    expect(() => parseArgs(['--a'], { a: 'string' })).toThrow('--a needs a value');
    expect(() => parseArgs(['--__proto__', 'x'], { a: 'string' })).toThrow('unknown option');
  });
});

describe('readTransactionsCsv', () => {
  it('takes ISO 8601 dates only: 01/02/2025 could be January or February', async () => {
    await writeFile(file('us.csv'), 'user,date,amount\nc1,01/02/2025,10\n');
    const run = await runSimulate(['--rules', file('rules.json'), '--csv', file('us.csv')]);
    expect(run.stderr).toContain('us.csv:2: date: expected an ISO 8601 date, got "01/02/2025"');
    await writeFile(file('iso.csv'), 'user,date,amount\nc1,2025-01-02 10:30,10\nc1,2025-01-03T08:00:00+01:00,5\n');
    expect(JSON.parse((await runSimulate(['--rules', file('rules.json'), '--csv', file('iso.csv'), '--json'])).stdout).rules[0].shown.users).toBe(1);
  });
});
