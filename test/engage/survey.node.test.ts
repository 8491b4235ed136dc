/**
 * Surveys through the real client, headless: answers checked per kind, survey_answered and
 * survey_dismissed, free text through the app's redact rules, the re-ask policy, the shared
 * fatigue cap, and validation of survey rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { targeting, validateRules, type ActiveNudge, type RuleDefinition } from '../../src/entries/rules';

const DAY = 86_400_000;
const nps = (extra: Partial<RuleDefinition['nudge']> = {}): RuleDefinition => ({
  id: 'nps',
  trigger: { event: 'purchase' },
  nudge: { type: 'survey', question: { kind: 'nps', text: 'Recommend us?' }, ...extra },
});
let clients: Array<{ shutdown(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of clients) await c.shutdown();
  clients = [];
});

async function client(rules: RuleDefinition[], options: { redact?: string[]; fatigue?: { maxPerDay?: number } } = {}) {
  const clock = createManualClock(Date.UTC(2026, 2, 2, 12));
  const nudges: ActiveNudge[] = [];
  const events: AnalyticsEvent[] = [];
  const nk = createNudgeKit({ clock, store: memoryStore(), ...(options.redact && { redact: options.redact }), features: [targeting({ rules, ...(options.fatigue && { fatigue: options.fatigue }) })] });
  clients.push(nk);
  nk.on('nudge', (n) => {
    nudges.push(n);
    n.shown();
  });
  nk.on('event', (e) => void events.push(e));
  await nk.ready();
  const of = (name: string) => events.flatMap((e) => (e.type === 'track' && e.event === name ? [e.properties] : []));
  return { nk, clock, nudges, of };
}

describe('answers', () => {
  it('records a valid answer once and refuses values that are not answers', async () => {
    const { nk, nudges, of } = await client([nps()]);
    nk.track('purchase');
    const nudge = nudges[0]!;
    expect(nudge.answer(11)).toBe(false);
    expect(nudge.answer(8.5)).toBe(false);
    expect(nudge.answer('9')).toBe(false);
    expect(nudge.answer(9)).toBe(true);
    expect(nudge.answer(3)).toBe(false);
    expect(of('survey_answered')).toEqual([expect.objectContaining({ ruleId: 'nps', kind: 'nps', value: 9, type: 'survey' })]);
  });

  it('keeps multi answers in the choices\' order, and sends free text as `text`, cut to maxLength and redacted when the app says so', async () => {
    const rules: RuleDefinition[] = [
      { id: 'multi', trigger: { event: 'a' }, nudge: { type: 'survey', question: { kind: 'multi', text: 'Which?', choices: ['x', 'y', 'z'] } } },
      { id: 'text', trigger: { event: 'b' }, nudge: { type: 'survey', question: { kind: 'text', text: 'Why?', maxLength: 5 } } },
    ];
    const plain = await client(rules);
    plain.nk.track('a');
    expect(plain.nudges[0]!.answer(['z', 'q'])).toBe(false);
    expect(plain.nudges[0]!.answer(['z', 'x'])).toBe(true);
    plain.nk.track('b');
    expect(plain.nudges[1]!.answer('   ')).toBe(false);
    expect(plain.nudges[1]!.answer('  hello world ')).toBe(true);
    expect(plain.of('survey_answered').map((p) => p['value'] ?? p['text'])).toEqual([['x', 'z'], 'hello']);
    const redacted = await client(rules, { redact: ['text'] });
    redacted.nk.track('b');
    redacted.nudges[0]!.answer('my email is a@b.c');
    expect(redacted.of('survey_answered')[0]).toMatchObject({ kind: 'text', text: '[redacted]' });
  });
});

describe('the re-ask policy', () => {
  it('never asks again once answered, unless reaskAfterDays has passed', async () => {
    const never = await client([nps()]);
    never.nk.track('purchase');
    never.nudges[0]!.answer(7);
    never.clock.advance(400 * DAY);
    never.nk.track('purchase');
    expect(never.nudges).toHaveLength(1);

    const later = await client([nps({ reaskAfterDays: 90 })]);
    later.nk.track('purchase');
    later.nudges[0]!.answer(7);
    later.clock.advance(89 * DAY);
    later.nk.track('purchase');
    expect(later.nudges).toHaveLength(1);
    later.clock.advance(DAY);
    later.nk.track('purchase');
    expect(later.nudges).toHaveLength(2);
  });

  it('backs off after each dismissal (3, 6, 12 days) and stops after the third', async () => {
    const { nk, clock, nudges, of } = await client([nps()]);
    const askedAfter = (days: number) => {
      const before = nudges.length;
      clock.advance(days * DAY);
      nk.track('purchase');
      return nudges.length > before;
    };
    nk.track('purchase');
    nudges[0]!.dismiss('close');
    expect(askedAfter(2.9)).toBe(false);
    expect(askedAfter(0.1)).toBe(true);
    nudges.at(-1)!.dismiss('close');
    expect(askedAfter(5)).toBe(false);
    expect(askedAfter(1)).toBe(true);
    nudges.at(-1)!.dismiss('close');
    expect(askedAfter(365)).toBe(false);
    expect(of('survey_dismissed')).toHaveLength(3);
    expect(of('nudge_dismissed')).toHaveLength(0);
  });

  it('shares the global fatigue cap with every other nudge', async () => {
    const toast: RuleDefinition = { id: 'toast', trigger: { event: 'view' }, nudge: { type: 'toast', body: 'Hi' } };
    const { nk, nudges } = await client([toast, nps()], { fatigue: { maxPerDay: 1 } });
    nk.track('view');
    nudges[0]!.dismiss('close');
    nk.track('purchase');
    expect(nudges.map((n) => n.type)).toEqual(['toast']);
  });
});

describe('validation', () => {
  it('refuses a survey without a question, with an unknown kind, too few choices or a bad scale', () => {
    const issues = (nudge: unknown) => validateRules([{ id: 'r', trigger: { event: 'e' }, nudge }]).issues.map((i) => i.path.replace('rules[0].', ''));
    expect(issues({ type: 'survey' })).toEqual(['nudge.question']);
    expect(issues({ type: 'survey', question: { kind: 'stars', text: 'Q' } })).toEqual(['nudge.question.kind']);
    expect(issues({ type: 'survey', question: { kind: 'single', text: 'Q', choices: ['only'] } })).toEqual(['nudge.question.choices']);
    expect(issues({ type: 'survey', question: { kind: 'rating', text: 'Q', scale: { min: 5, max: 1 } } })).toEqual(['nudge.question.scale']);
    expect(issues({ type: 'survey', question: { kind: 'nps', text: 'Q' }, reaskAfterDays: -1 })).toEqual(['nudge.reaskAfterDays']);
    expect(issues({ type: 'survey', question: { kind: 'nps', text: 'Q' }, thanks: 'Thanks!' })).toEqual([]);
  });
});
