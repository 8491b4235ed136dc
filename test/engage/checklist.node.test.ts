/**
 * checklist() through the real client: steps from events (with where), traits and
 * conditions; steps done before the checklist applies still count; the audience latches;
 * attributes for rules; a remembered dismiss; progress restored from the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/index';
import { checklist, type ChecklistOptions } from '../../src/entries/engage';
import { targeting } from '../../src/entries/rules';
import { engageClient, ny } from './helpers';

let stop: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stop) await s();
  stop = [];
});
const START = ny('2026-03-02T10:00', -5);
async function client(...args: Parameters<typeof engageClient>) {
  const c = await engageClient(...args);
  stop.push(() => c.nk.shutdown());
  return c;
}
const OPTIONS: ChecklistOptions = {
  id: 'start',
  title: 'Get started',
  when: { 'events.signup.count': { $gte: 1 } },
  steps: [
    { id: 'cart', label: 'Add to cart', event: 'add_to_cart', where: { price: { $gt: 0 } } },
    { id: 'name', label: 'Tell us your name', trait: 'name' },
    { id: 'three', label: 'Look at three products', when: { 'events.view_item.count': { $gte: 3 } } },
  ],
};

describe('checklist()', () => {
  it('completes steps from events, traits and conditions, counting those done before it applied, and completes once', async () => {
    const onboarding = checklist(OPTIONS);
    const { nk, of } = await client([onboarding], START);
    nk.track('add_to_cart', { price: 0 }); // where does not match
    nk.track('add_to_cart', { price: 5 }); // before the audience holds: still counts
    expect(onboarding.getState()).toMatchObject({ done: 1, eligible: false, visible: false });
    nk.track('signup');
    expect(onboarding.getState()).toMatchObject({ done: 1, eligible: true, visible: true });
    nk.identify('u1', { name: 'Ada' });
    for (let i = 0; i < 3; i++) nk.track('view_item');
    nk.track('view_item');
    await nk.flush();
    expect(of('checklist_step_completed').map((p) => [p['stepId'], p['done']])).toEqual([['cart', 1], ['name', 2], ['three', 3]]);
    expect(of('checklist_completed')).toEqual([{ checklistId: 'start', total: 3 }]);
    expect(onboarding.getState()).toMatchObject({ completed: true, visible: false });
  });

  it('lets rules see progress, remembers a dismiss, and restores progress after a restart', async () => {
    const store = memoryStore();
    const first = checklist(OPTIONS);
    const a = await client([first], START, store);
    a.nk.track('signup');
    a.nk.track('add_to_cart', { price: 5 });
    const seen: unknown[] = [];
    first.subscribe((state) => void seen.push(state.done));
    first.dismiss();
    first.dismiss();
    await a.nk.flush();
    expect(a.of('checklist_dismissed')).toEqual([{ checklistId: 'start', done: 1, total: 3 }]);
    expect(seen).toEqual([1]);
    await a.nk.shutdown();
    const second = checklist(OPTIONS);
    const rule = { id: 'nudge-back', trigger: { event: 'view_item' }, when: { 'checklists.start.done': 1, 'checklists.start.dismissed': true, 'checklists.start.steps.cart': true }, nudge: { type: 'custom' as const } };
    const b = await client([second, targeting({ rules: [rule] })], START, store);
    expect(second.getState()).toMatchObject({ done: 1, dismissed: true, visible: false, steps: [{ id: 'cart', done: true }, { id: 'name', done: false }, { id: 'three', done: false }] });
    const nudges: string[] = [];
    b.nk.on('nudge', (n) => void nudges.push(n.ruleId));
    b.nk.track('view_item');
    expect(nudges).toEqual(['nudge-back']);
  });

  it('refuses a step with two ways of completing, and duplicate step ids', () => {
    expect(() => checklist({ id: 'x', steps: [{ id: 'a', label: 'A', event: 'e', trait: 't' }] })).toThrow(/steps\[0\]: expected exactly one/);
    expect(() => checklist({ id: 'x', steps: [{ id: 'a', label: 'A', event: 'e' }, { id: 'a', label: 'B', event: 'f' }] })).toThrow(/steps\[1\]\.id/);
  });
});
