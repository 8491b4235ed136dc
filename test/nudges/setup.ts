/** Shared set-up for the dispatcher tests: a manual clock and recorders for events, errors and listeners. */
import { createManualClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { JsonObject } from '../../src/core/types';
import { createDispatcher, type ActiveNudge, type DispatcherOptions, type NudgeContent, type Renderer } from '../../src/nudges/index';
import type { RuleDefinition } from '../../src/rules/types';

export interface Tracked {
  event: string;
  properties: JsonObject;
}

export function rule(id: string, nudge: Partial<NudgeContent> = {}, priority = 0): RuleDefinition {
  return { id, trigger: { event: 'x' }, nudge: { type: 'modal', title: `title ${id}`, ...nudge }, priority };
}

export function offerOf(r: RuleDefinition) {
  return { rule: r, nudge: r.nudge!, priority: r.priority ?? 0 };
}

export function setUp(options: { renderer?: Renderer; listener?: (nudge: ActiveNudge) => void; extra?: Partial<DispatcherOptions> } = {}) {
  const clock = createManualClock();
  const tracked: Tracked[] = [];
  const errors: NudgeKitError[] = [];
  const received: ActiveNudge[] = [];
  const traits: JsonObject[] = [];
  const dispatcher = createDispatcher({
    clock,
    ...(options.renderer ? { renderer: options.renderer } : {}),
    track: (event, properties) => void tracked.push({ event, properties }),
    emit: (nudge) => {
      received.push(nudge);
      if (!options.listener) return false;
      options.listener(nudge);
      return true;
    },
    identify: (t) => void traits.push(t),
    onError: (error) => void errors.push(error),
    ...options.extra,
  });
  return { clock, tracked, errors, received, traits, dispatcher, events: () => tracked.map((t) => `${t.event}:${t.properties['ruleId']}`) };
}
