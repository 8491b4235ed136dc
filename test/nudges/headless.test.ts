import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ActiveNudge } from '../../src/nudges/index';
import { offerOf, rule, setUp } from './setup';

describe('the headless API', () => {
  it('hands the nudge, with its content, to the listener when there is no renderer', () => {
    let got: ActiveNudge | undefined;
    const { dispatcher } = setUp({ listener: (n) => (got = n) });
    dispatcher.offer(offerOf(rule('a', { type: 'custom', body: 'b', data: { coupon: 'X1' }, placement: 'bottom' }, 3)));
    expect(got).toBe(dispatcher.current());
    expect(got).toMatchObject({ ruleId: 'a', type: 'custom', title: 'title a', body: 'b', data: { coupon: 'X1' }, placement: 'bottom', priority: 3, closed: false });
  });

  it('tells onClose listeners why the nudge closed, once', () => {
    const { dispatcher, clock } = setUp({ listener: () => {} });
    const reasons: string[] = [];
    dispatcher.offer(offerOf(rule('t', { type: 'toast', autoDismissMs: 100 })));
    const nudge = dispatcher.current()!;
    nudge.onClose((r) => reasons.push(`first:${r}`));
    const off = nudge.onClose((r) => reasons.push(`removed:${r}`));
    off();
    nudge.shown();
    clock.advance(100);
    nudge.dismiss();
    expect(reasons).toEqual(['first:timeout']);
  });

  it('lets a listener unsubscribe after the nudge closed, and ignores one added then', () => {
    const { dispatcher, errors } = setUp({ listener: () => {} });
    const reasons: string[] = [];
    dispatcher.offer(offerOf(rule('t')));
    const nudge = dispatcher.current()!;
    const off = nudge.onClose((r) => reasons.push(r));
    nudge.dismiss();
    expect(() => off()).not.toThrow();
    const late = nudge.onClose((r) => reasons.push(`late:${r}`));
    expect(() => late()).not.toThrow();
    nudge.dismiss('close');
    expect(reasons).toEqual(['close']);
    expect(errors).toEqual([]);
  });

  it('holds a nudge nobody took, unshown and uncounted, for a UI that mounts late', () => {
    const { dispatcher, clock, errors, tracked } = setUp();
    dispatcher.offer(offerOf(rule('a')));
    clock.advance(9_999);
    const held = dispatcher.current();
    expect(held?.ruleId).toBe('a');
    expect(tracked).toEqual([]);
    // The late UI (e.g. useNudge() reading nk.currentNudge()) shows it: it stays past the grace period.
    held!.shown();
    clock.advance(60_000);
    expect(dispatcher.current()).toBe(held);
    expect(tracked.map((t) => t.event)).toEqual(['nudge_shown']);
    expect(errors).toEqual([]);
  });

  it('withdraws a nudge nobody claimed within claimMs: reported, tracked as dropped, then moves on', () => {
    const { dispatcher, clock, errors, tracked } = setUp({ extra: { claimMs: 5000 } });
    dispatcher.offer(offerOf(rule('a')));
    dispatcher.offer(offerOf(rule('b')));
    const reasons: string[] = [];
    dispatcher.current()!.onClose((reason) => reasons.push(reason));
    clock.advance(4_999);
    expect(errors).toEqual([]);
    clock.advance(1);
    expect(reasons).toEqual(['withdrawn']);
    expect(errors.map((e) => [e.code, e.details['ruleId']])).toEqual([['nudge_failed', 'a']]);
    expect(tracked).toEqual([{ event: 'nudge_dropped', properties: { ruleId: 'a', type: 'modal', reason: 'unclaimed', variant: 'default', version: 1 } }]);
    expect(dispatcher.current()?.ruleId).toBe('b');
  });

  it('leaves a nudge the renderer declines (custom) to the listeners', () => {
    const got: string[] = [];
    const { dispatcher } = setUp({ renderer: (n) => (n.type === 'custom' ? false : undefined), listener: (n) => got.push(n.ruleId) });
    dispatcher.offer(offerOf(rule('c', { type: 'custom' })));
    expect(got).toEqual(['c']);
    expect(dispatcher.current()?.ruleId).toBe('c');
  });

  it('never throws into the host app when a listener, the renderer, track or identify throws', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const { dispatcher, errors } = setUp({ renderer: boom, listener: boom, extra: { track: boom, identify: boom } });
    expect(() => dispatcher.offer(offerOf(rule('a', { primary: { label: 'x', traits: { a: 1 } } })))).not.toThrow();
    const nudge = dispatcher.current()!;
    nudge.onClose(boom);
    expect(() => nudge.click('primary')).not.toThrow();
    expect(errors.map((e) => e.code)).toEqual(['nudge_failed', 'callback_failed', 'callback_failed', 'callback_failed', 'callback_failed', 'callback_failed']);
    expect(errors.every((e) => e.details['ruleId'] === 'a')).toBe(true);
  });

  it('survives any sequence of calls from the app with a consistent trail', () => {
    const op = fc.constantFrom('shown', 'click', 'dismiss', 'pause', 'resume', 'tick', 'offer-low', 'offer-high');
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { dispatcher, clock, tracked } = setUp({ listener: () => {} });
        let n = 0;
        dispatcher.offer(offerOf(rule(`r${n++}`, { type: 'toast', autoDismissMs: 50 }, 5)));
        for (const o of ops) {
          const current = dispatcher.current();
          if (o === 'shown') current?.shown();
          else if (o === 'click') current?.click('primary');
          else if (o === 'dismiss') current?.dismiss('close');
          else if (o === 'pause') current?.pause();
          else if (o === 'resume') current?.resume();
          else if (o === 'tick') clock.advance(30);
          else dispatcher.offer(offerOf(rule(`r${n++}`, { type: 'toast', autoDismissMs: 50 }, o === 'offer-high' ? 10 + n : 0)));
        }
        const byNudge = new Map<string, string[]>();
        // An offer that never reached the screen has no showing: it is only ever dropped.
        for (const t of tracked.filter((t) => t.event === 'nudge_dropped')) expect(['replaced', 'queue_full', 'stale']).toContain(t.properties['reason']);
        for (const t of tracked.filter((t) => t.event !== 'nudge_dropped')) {
          const id = t.properties['nudgeId'] as string;
          byNudge.set(id, [...(byNudge.get(id) ?? []), t.event]);
        }
        for (const trail of byNudge.values()) {
          expect(trail[0]).toBe('nudge_shown');
          expect(trail.length).toBeLessThanOrEqual(2);
          if (trail[1]) expect(['nudge_clicked', 'nudge_dismissed']).toContain(trail[1]);
        }
      }),
    );
  });
});
