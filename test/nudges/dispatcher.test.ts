import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import type { ActiveNudge, NudgeContent } from '../../src/nudges/index';
import { offerOf, rule, setUp } from './setup';

const headless = () => {
  const shown: ActiveNudge[] = [];
  return { shown, listener: (nudge: ActiveNudge) => void shown.push(nudge) };
};

describe('the event trail', () => {
  it('tracks shown, clicked and dismissed with the rule id, nudge id and type', () => {
    const { listener } = headless();
    const { dispatcher, tracked } = setUp({ listener });
    dispatcher.offer(offerOf(rule('a', { primary: { label: 'Go', url: '/go', action: 'go' } })));
    const a = dispatcher.current()!;
    a.shown();
    a.shown();
    expect(a.click('primary')).toBe('/go');
    dispatcher.offer(offerOf(rule('b', { type: 'banner' })));
    const b = dispatcher.current()!;
    b.shown();
    b.dismiss('escape');
    expect(tracked).toEqual([
      { event: 'nudge_shown', properties: { ruleId: 'a', nudgeId: a.id, type: 'modal', variant: 'default', version: 1 } },
      { event: 'nudge_clicked', properties: { ruleId: 'a', nudgeId: a.id, type: 'modal', variant: 'default', version: 1, action: 'primary', url: '/go', actionName: 'go' } },
      { event: 'nudge_shown', properties: { ruleId: 'b', nudgeId: b.id, type: 'banner', variant: 'default', version: 1 } },
      { event: 'nudge_dismissed', properties: { ruleId: 'b', nudgeId: b.id, type: 'banner', variant: 'default', version: 1, reason: 'escape' } },
    ]);
    expect(a.id).not.toBe(b.id);
    expect(dispatcher.current()).toBeUndefined();
  });

  it('hands out the nudge with its own fields and methods, then its content, closed as it changes', () => {
    const { dispatcher } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a', { title: 'T', primary: { label: 'Go', url: '/go' } })));
    const nudge = dispatcher.current()!;
    const own = Object.keys(nudge);
    const fields = ['id', 'ruleId', 'variant', 'priority', 'shown', 'click', 'dismiss', 'answer', 'pause', 'resume', 'onClose', 'closed'];
    // The same order for every nudge: V8 shares one hidden class among nudges of one content shape.
    expect(own.slice(0, fields.length)).toEqual(fields);
    expect(own.slice(fields.length)).toEqual(expect.arrayContaining(['type', 'title', 'primary']));
    expect({ ...nudge }).toMatchObject({ type: 'modal', title: 'T', ruleId: 'a', closed: false });
    nudge.dismiss('close');
    expect(nudge.closed).toBe(true);
    expect({ ...nudge }.closed).toBe(true);
  });

  it('keeps its own fields when the content of a rule names one of them', () => {
    const { dispatcher, tracked } = setUp({ listener: () => {} });
    const content = { type: 'toast', body: 'b', id: 'mine', ruleId: 'other', priority: 99, dismiss: 'no', closed: true, shown: 1 } as unknown as NudgeContent;
    dispatcher.offer(offerOf(rule('a', content)));
    const nudge = dispatcher.current()!;
    expect(nudge).toMatchObject({ type: 'toast', body: 'b', ruleId: 'a', closed: false });
    expect(nudge.id).not.toBe('mine');
    expect(nudge.priority).not.toBe(99);
    nudge.shown();
    nudge.dismiss('close');
    expect(nudge.closed).toBe(true);
    expect(tracked.map((t) => t.event)).toEqual(['nudge_shown', 'nudge_dismissed']);
  });

  it('tracks each lifecycle event at most once, and nothing after the nudge closed', () => {
    const { dispatcher, events } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a')));
    const nudge = dispatcher.current()!;
    nudge.shown();
    nudge.dismiss('close');
    nudge.dismiss('close');
    nudge.shown();
    expect(nudge.click('primary')).toBeUndefined();
    expect(events()).toEqual(['nudge_shown:a', 'nudge_dismissed:a']);
    expect(nudge.closed).toBe(true);
  });

  it('marks a clicked nudge shown first, so the trail is always shown then clicked', () => {
    const { dispatcher, tracked } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a', { secondary: { label: 'Later' } })));
    dispatcher.current()!.click('secondary');
    expect(tracked.map((t) => t.event)).toEqual(['nudge_shown', 'nudge_clicked']);
    expect(tracked[1]!.properties).toMatchObject({ action: 'secondary' });
    expect(tracked[1]!.properties).not.toHaveProperty('url');
  });

  it('closes a dismissed nudge that was never shown silently: it never reached the user', () => {
    const { dispatcher, tracked } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a')));
    const nudge = dispatcher.current()!;
    const reasons: string[] = [];
    nudge.onClose((reason) => reasons.push(reason));
    nudge.dismiss('close');
    expect(tracked).toEqual([]);
    expect(reasons).toEqual(['close']);
  });

  it('records the traits of a clicked action through identify', () => {
    const { dispatcher, traits } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a', { primary: { label: 'Yes', traits: { contactOptIn: true } } })));
    dispatcher.current()!.click('primary');
    expect(traits).toEqual([{ contactOptIn: true }]);
  });
});

describe('one nudge at a time', () => {
  it('queues an equal or lower priority offer and shows it when the current one closes', () => {
    const { dispatcher, received } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a', {}, 5)));
    dispatcher.offer(offerOf(rule('b', {}, 5)));
    dispatcher.offer(offerOf(rule('c', {}, 1)));
    expect(received.map((n) => n.ruleId)).toEqual(['a']);
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()?.ruleId).toBe('b');
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()?.ruleId).toBe('c');
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()).toBeUndefined();
  });

  it('lets a strictly higher priority replace the current nudge, dismissed with reason replaced', () => {
    const { dispatcher, tracked } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('low', {}, 1)));
    const low = dispatcher.current()!;
    low.shown();
    const reasons: string[] = [];
    low.onClose((reason) => reasons.push(reason));
    dispatcher.offer(offerOf(rule('high', {}, 9)));
    expect(dispatcher.current()?.ruleId).toBe('high');
    expect(low.closed).toBe(true);
    expect(reasons).toEqual(['replaced']);
    expect(tracked.at(-1)).toMatchObject({ event: 'nudge_dismissed', properties: { ruleId: 'low', reason: 'replaced' } });
  });

  it('keeps the queue in priority order, ties in arrival order, and drops the lowest past its bound', () => {
    const { dispatcher } = setUp({ listener: () => {}, extra: { maxQueue: 3 } });
    dispatcher.offer(offerOf(rule('on-screen', {}, 100)));
    dispatcher.offer(offerOf(rule('p1', {}, 1)));
    dispatcher.offer(offerOf(rule('p5', {}, 5)));
    dispatcher.offer(offerOf(rule('p5-later', {}, 5)));
    dispatcher.offer(offerOf(rule('p3', {}, 3)));
    const order: string[] = [];
    for (let nudge = dispatcher.current(); nudge; nudge = dispatcher.current()) {
      order.push(nudge.ruleId);
      nudge.dismiss();
    }
    expect(order).toEqual(['on-screen', 'p5', 'p5-later', 'p3']);
  });

  it('ignores an offer for a rule already on screen or queued', () => {
    const { dispatcher, received } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('a', {}, 1)));
    dispatcher.offer(offerOf(rule('a', {}, 9)));
    dispatcher.offer(offerOf(rule('b')));
    dispatcher.offer(offerOf(rule('b')));
    dispatcher.current()!.dismiss();
    dispatcher.current()!.dismiss();
    expect(received.map((n) => n.ruleId)).toEqual(['a', 'b']);
  });

  it('drops a queued offer that went stale before its turn, and tracks the drop', () => {
    const { dispatcher, clock, tracked } = setUp({ listener: () => {}, extra: { queueTtlMs: 1000 } });
    dispatcher.offer(offerOf(rule('a')));
    dispatcher.offer(offerOf(rule('stale', { type: 'toast' })));
    clock.advance(1001);
    dispatcher.offer(offerOf(rule('fresh')));
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()?.ruleId).toBe('fresh');
    expect(tracked).toEqual([{ event: 'nudge_dropped', properties: { ruleId: 'stale', type: 'toast', reason: 'stale', variant: 'default', version: 1 } }]);
  });

  it('tracks the offer pushed out of a full queue as dropped with reason queue_full', () => {
    const { dispatcher, tracked } = setUp({ listener: () => {}, extra: { maxQueue: 1 } });
    dispatcher.offer(offerOf(rule('on-screen', {}, 9)));
    dispatcher.offer(offerOf(rule('low', {}, 1)));
    dispatcher.offer(offerOf(rule('mid', {}, 5)));
    expect(tracked).toEqual([{ event: 'nudge_dropped', properties: { ruleId: 'low', type: 'modal', reason: 'queue_full', variant: 'default', version: 1 } }]);
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()?.ruleId).toBe('mid');
  });

  it('tracks a nudge replaced before it was shown as dropped, one replaced after as dismissed', () => {
    const { dispatcher, tracked } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('unseen', {}, 1)));
    dispatcher.offer(offerOf(rule('seen', {}, 2)));
    dispatcher.current()!.shown();
    dispatcher.offer(offerOf(rule('top', {}, 3)));
    expect(tracked.map((t) => `${t.event}:${t.properties['ruleId']}:${t.properties['reason'] ?? ''}`)).toEqual([
      'nudge_dropped:unseen:replaced',
      'nudge_shown:seen:',
      'nudge_dismissed:seen:replaced',
    ]);
  });

  it('keeps one nudge active when a track of a drop offers another nudge from inside the dispatcher', () => {
    let dispatcherRef: ReturnType<typeof setUp>['dispatcher'] | undefined;
    const { dispatcher, clock } = setUp({
      listener: () => {},
      extra: {
        queueTtlMs: 1000,
        // A rule triggered by nudge_dropped offers right away, as the client's synchronous pipeline can.
        track: (event) => void (event === 'nudge_dropped' && dispatcherRef!.offer(offerOf(rule('reaction')))),
      },
    });
    dispatcherRef = dispatcher;
    dispatcher.offer(offerOf(rule('a')));
    dispatcher.offer(offerOf(rule('stale')));
    clock.advance(500);
    dispatcher.offer(offerOf(rule('fresh')));
    clock.advance(600);
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()?.ruleId).toBe('fresh');
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()?.ruleId).toBe('reaction');
    dispatcher.current()!.dismiss();
    expect(dispatcher.current()).toBeUndefined();
  });

  it('removes what is on screen on destroy, tracks nothing and ignores later offers', () => {
    let cleaned = 0;
    const { dispatcher, tracked } = setUp({ renderer: (n) => (n.shown(), () => void cleaned++) });
    dispatcher.offer(offerOf(rule('a')));
    dispatcher.offer(offerOf(rule('b')));
    dispatcher.destroy();
    expect(cleaned).toBe(1);
    expect(dispatcher.current()).toBeUndefined();
    dispatcher.offer(offerOf(rule('c')));
    expect(dispatcher.current()).toBeUndefined();
    expect(tracked.map((t) => t.event)).toEqual(['nudge_shown']);
  });
});

describe('auto-dismiss', () => {
  it('dismisses a toast after 8 s by default, counted from shown(), with reason timeout', () => {
    const { dispatcher, clock, tracked } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('t', { type: 'toast' })));
    clock.advance(10_000);
    expect(dispatcher.current()?.ruleId).toBe('t');
    dispatcher.current()!.shown();
    clock.advance(7_999);
    expect(dispatcher.current()).toBeDefined();
    clock.advance(1);
    expect(dispatcher.current()).toBeUndefined();
    expect(tracked.at(-1)).toMatchObject({ event: 'nudge_dismissed', properties: { reason: 'timeout' } });
  });

  it('pauses and resumes with the time that was left', () => {
    const { dispatcher, clock } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('m', { type: 'modal', autoDismissMs: 1000 })));
    const nudge = dispatcher.current()!;
    nudge.shown();
    clock.advance(600);
    nudge.pause();
    clock.advance(60_000);
    expect(nudge.closed).toBe(false);
    nudge.resume();
    clock.advance(399);
    expect(nudge.closed).toBe(false);
    clock.advance(1);
    expect(nudge.closed).toBe(true);
  });

  it('dismisses with reason timeout on resume when it was paused after its deadline but before the timer fired', () => {
    // Timers run on the manual clock; `now` may run ahead of them, as in a throttled tab.
    const timers = createManualClock();
    let lag = 0;
    const clock = { now: () => timers.now() + lag, setTimeout: timers.setTimeout };
    const { dispatcher, tracked } = setUp({ listener: () => {}, extra: { clock } });
    dispatcher.offer(offerOf(rule('t', { type: 'toast', autoDismissMs: 1000 })));
    const nudge = dispatcher.current()!;
    nudge.shown();
    lag = 1005; // past the deadline, and the timer has not fired yet
    nudge.pause();
    expect(nudge.closed).toBe(false);
    nudge.resume();
    expect(nudge.closed).toBe(true);
    expect(tracked.at(-1)).toMatchObject({ event: 'nudge_dismissed', properties: { reason: 'timeout' } });
    expect(timers.pending()).toBe(0);
  });

  it('never auto-dismisses a modal or banner without autoDismissMs', () => {
    const { dispatcher, clock } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('m')));
    dispatcher.current()!.shown();
    expect(clock.pending()).toBe(0);
    clock.advance(86_400_000);
    expect(dispatcher.current()?.ruleId).toBe('m');
  });

  it('cancels the timer when the nudge closes first', () => {
    const { dispatcher, clock } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(rule('t', { type: 'toast' })));
    dispatcher.current()!.shown();
    dispatcher.current()!.click('primary');
    expect(clock.pending()).toBe(0);
  });
});
