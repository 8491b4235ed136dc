import { describe, expect, it } from 'vitest';
import { readRules, type RulesCache } from '../../src/rules/load';
import { aRule } from './helpers';

function memoryCache(): RulesCache & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v) };
}

function fakeFetch(respond: () => Response | Promise<Response>): typeof fetch {
  return (async () => respond()) as unknown as typeof fetch;
}

describe('readRules (what loadRules(nk, ...) reads)', () => {
  it('accepts a plain array inline, validating it', async () => {
    const result = await readRules([aRule('a'), aRule('b', { priority: 'high' as never })]);
    expect(result).toMatchObject({ ok: true, source: 'inline', rules: [{ id: 'a' }], issues: [{ path: 'rules[1].priority', message: 'expected a number' }] });
  });

  it('accepts a versioned document as JSON text', async () => {
    const result = await readRules(JSON.stringify({ version: '2026-03-01', rules: [aRule('a')] }));
    expect(result).toMatchObject({ ok: true, source: 'inline', version: '2026-03-01', rules: [{ id: 'a' }], issues: [] });
  });

  it('fetches a URL, caches the document, and falls back to the cache when the network fails', async () => {
    const cache = memoryCache();
    const ok = await readRules('https://rules.example.com/v1.json', {
      cache,
      fetch: fakeFetch(() => new Response(JSON.stringify({ version: 3, rules: [aRule('a')] }), { status: 200 })),
    });
    expect(ok).toMatchObject({ ok: true, source: 'network', version: 3, rules: [{ id: 'a' }] });
    expect(cache.data.get('rules')).toMatchObject({ version: 3, rules: [{ id: 'a' }] });

    const offline = await readRules('https://rules.example.com/v1.json', { cache, fetch: fakeFetch(() => Promise.reject(new TypeError('offline'))) });
    expect(offline).toMatchObject({ ok: true, source: 'cache', version: 3, rules: [{ id: 'a' }] });
    expect(offline.error?.code).toBe('rules_load_failed');
  });

  it('returns the document version but never compares versions: an older document loaded later replaces the rules (rollback)', async () => {
    const cache = memoryCache();
    const serve = (doc: unknown) => fakeFetch(() => new Response(JSON.stringify(doc), { status: 200 }));
    const url = 'https://rules.example.com/current.json';
    expect(await readRules(url, { cache, fetch: serve({ version: '2026-03-02', rules: [aRule('new')] }) })).toMatchObject({ version: '2026-03-02', rules: [{ id: 'new' }] });
    const rolledBack = await readRules(url, { cache, fetch: serve({ version: '2026-03-01', rules: [aRule('old')] }) });
    expect(rolledBack).toMatchObject({ ok: true, source: 'network', version: '2026-03-01', rules: [{ id: 'old' }] });
    expect(cache.data.get('rules')).toMatchObject({ version: '2026-03-01', rules: [{ id: 'old' }] });
    // The cache answers with the version it stored.
    expect(await readRules(url, { cache, fetch: fakeFetch(() => new Response('', { status: 502 })) })).toMatchObject({ source: 'cache', version: '2026-03-01' });
    // A plain array has no version, and a version that is neither a string nor a number is ignored.
    expect('version' in (await readRules([aRule('a')]))).toBe(false);
    expect('version' in (await readRules({ version: { major: 2 }, rules: [aRule('a')] }))).toBe(false);
  });

  it('never rejects: HTTP errors, bad JSON, wrong shapes and no fetch resolve to an error result', async () => {
    const cases = await Promise.all([
      readRules('https://x/rules', { fetch: fakeFetch(() => new Response('nope', { status: 503 })) }),
      readRules('https://x/rules', { fetch: fakeFetch(() => new Response('{not json', { status: 200 })) }),
      readRules('https://x/rules', { fetch: fakeFetch(() => new Response('{"rules": 5}', { status: 200 })) }),
      readRules('{"version": 1}'),
      readRules(42),
      readRules('https://x/rules', {
        fetch: (() => {
          throw new Error('sync throw');
        }) as unknown as typeof fetch,
      }),
    ]);
    for (const result of cases) {
      expect(result).toMatchObject({ ok: false, source: 'error', rules: [], issues: [] });
      expect(result.error?.code).toBe('rules_load_failed');
    }
    expect(cases[0]!.error?.details).toMatchObject({ status: 503 });
  });
});
