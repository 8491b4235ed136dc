/**
 * `checklist()`: an onboarding checklist that completes itself as the user does the steps.
 * A step is done by an event (optionally `where` its properties match), by a trait being set,
 * or by a condition over what rules see (profile counters, stage, other features). Steps are
 * watched from the moment the feature runs, whether or not the checklist is on screen, so a
 * step done before the checklist was shown still counts. Progress is saved on the device and
 * follows the other tabs through the events they share.
 */
import { ERROR_CODES } from '../core/errors';
import { fail, isRecord } from '../core/option-checks';
import type { Feature, FeatureHost, FeatureInstance } from '../core/feature';
import type { AnalyticsEvent, JsonObject } from '../core/types';
import { compileCondition, type CompiledCondition } from '../rules/condition';
import type { Condition } from '../rules/types';
import { createSubject, type Observable } from './observable';

/**
 * One step. Exactly one of `event`, `trait` or `when` says when it is done.
 *
 * @example
 * ```ts
 * const step: ChecklistStep = { id: 'cart', label: 'Add something to your cart', event: 'add_to_cart', where: { price: { $gt: 0 } } };
 * ```
 */
export interface ChecklistStep {
  /** Unique in the checklist; sent as `stepId`. */
  id: string;
  /** What the user sees. Text, never HTML. */
  label: string;
  /** Done when this event is tracked... */
  event?: string;
  /** ...and its properties match this condition. */
  where?: Condition;
  /** Done when this trait is set (not `null`, `false` or `""`). */
  trait?: string;
  /** Done when this condition holds over what rules see, e.g. `{ 'events.purchase.count': { $gte: 1 } }`. */
  when?: Condition;
  /** Where the step's link in the panel leads (`http:`, `https:` or relative). */
  url?: string;
}

/**
 * Options of {@link checklist}.
 *
 * @example
 * ```ts
 * const options: ChecklistOptions = { id: 'onboarding', title: 'Get started', when: { stage: 'new' }, steps: [...] };
 * ```
 */
export interface ChecklistOptions {
  /** Unique among checklists; the feature's name is `checklist:<id>`; rules see `checklists.<id>`. */
  id: string;
  /** The panel's heading. */
  title?: string;
  steps: ChecklistStep[];
  /**
   * Who gets the checklist, over what rules see (e.g. `{ stage: 'new' }`). Checked on each
   * event until it first holds; from then on the user keeps the checklist.
   */
  when?: Condition;
}

/** One step as the UI sees it. */
export interface ChecklistStepState {
  id: string;
  label: string;
  url?: string;
  done: boolean;
}

/**
 * A checklist's state for a UI. `visible`: eligible, not dismissed, not completed.
 *
 * @example
 * ```ts
 * const { done, total, visible } = onboarding.getState();
 * ```
 */
export interface ChecklistState {
  id: string;
  title?: string;
  steps: ChecklistStepState[];
  done: number;
  total: number;
  eligible: boolean;
  completed: boolean;
  dismissed: boolean;
  visible: boolean;
}

/**
 * The checklist feature, and the handle a UI reads it through (`getState`, `subscribe`) and
 * dismisses it with. The handle works before the client starts (nothing done yet).
 */
export interface ChecklistFeature extends Feature, Observable<ChecklistState> {
  /** Hides the checklist for good (remembered, in every tab): tracks `checklist_dismissed`. */
  dismiss(): void;
}

/** The stored shape, under the store key `checklist:<id>`. */
interface Saved {
  version: 1;
  /** Step id -> epoch ms it was done. */
  done: Record<string, number>;
  eligible?: number;
  completed?: number;
  dismissed?: number;
}

const STEP_DONE = 'checklist_step_completed';
const COMPLETED = 'checklist_completed';
const DISMISSED = 'checklist_dismissed';

/**
 * Creates an onboarding checklist feature. Throws a `ConfigError` (path `checklist.…`) for
 * a wrong option.
 *
 * Events: `checklist_step_completed { checklistId, stepId, done, total, sourceMessageId? }`,
 * `checklist_completed { checklistId, total }` (once), `checklist_dismissed { checklistId, done, total }`.
 * Rules see `checklists.<id>.done`, `.total`, `.completed`, `.dismissed` and `.steps.<stepId>`.
 *
 * @example
 * ```ts
 * import { checklist } from 'nudgekit/engage';
 * import { checklistPanel } from 'nudgekit/dom';
 *
 * const onboarding = checklist({
 *   id: 'first-purchase',
 *   title: 'Your first order',
 *   when: { stage: 'new' },
 *   steps: [
 *     { id: 'browse', label: 'Look at a product', event: 'view_item' },
 *     { id: 'cart', label: 'Add it to your cart', event: 'add_to_cart' },
 *     { id: 'buy', label: 'Place your order', event: 'purchase' },
 *   ],
 * });
 * const nk = createNudgeKit({ endpoint: '/v1/batch', features: [lifecycle(), onboarding] });
 * checklistPanel(onboarding);
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function checklist(options: ChecklistOptions): ChecklistFeature {
  const id = checkOptions(options);
  const steps = options.steps.map((step) => ({
    step,
    where: step.where && compileCondition(step.where),
    when: step.when && compileCondition(step.when),
  }));
  const audience: CompiledCondition | undefined = options.when && compileCondition(options.when);
  const key = `checklist:${id}`;
  let saved: Saved = { version: 1, done: {} };
  let host: FeatureHost | undefined;
  const subject = createSubject(snapshot(), (error) => host?.report(ERROR_CODES.callbackFailed, `a checklist listener threw: ${String(error)}`, { checklistId: id }, error));

  function snapshot(): ChecklistState {
    const list = steps.map(({ step }): ChecklistStepState => ({ id: step.id, label: step.label, ...(step.url !== undefined && { url: step.url }), done: saved.done[step.id] !== undefined }));
    const done = list.filter((s) => s.done).length;
    const eligible = saved.eligible !== undefined;
    const completed = saved.completed !== undefined;
    const dismissed = saved.dismissed !== undefined;
    return { id, ...(options.title !== undefined && { title: options.title }), steps: list, done, total: list.length, eligible, completed, dismissed, visible: eligible && !completed && !dismissed };
  }

  /** Saves and tells the UI after a change. */
  function changed(): void {
    host?.persist();
    subject.set(snapshot());
  }

  const progress = () => ({ checklistId: id, done: Object.keys(saved.done).length, total: steps.length });

  function react(event: AnalyticsEvent, name: string, attributes: Record<string, unknown>): void {
    if (!host) return;
    let change = false;
    if (saved.eligible === undefined && (!audience || audience(attributes))) {
      saved.eligible = host.clock.now();
      change = true;
    }
    const properties = event.type === 'track' ? event.properties : event.type === 'identify' ? event.traits : {};
    const traits = isRecord(attributes.traits) ? attributes.traits : {};
    for (const { step, where, when } of steps) {
      if (saved.done[step.id] !== undefined) continue;
      const done = step.event !== undefined ? step.event === name && (!where || where(properties)) : step.trait !== undefined ? isSet(traits[step.trait]) : !!when?.(attributes);
      if (!done) continue;
      saved.done[step.id] = host.clock.now();
      change = true;
      host.track(STEP_DONE, { ...progress(), stepId: step.id, sourceMessageId: event.messageId });
    }
    if (saved.completed === undefined && Object.keys(saved.done).length === steps.length) {
      saved.completed = host.clock.now();
      change = true;
      host.track(COMPLETED, { checklistId: id, total: steps.length });
    }
    if (change) changed();
  }

  // Another tab's checklist events: the same progress here, without tracking it again.
  function receive(name: string, properties: JsonObject): void {
    if (properties.checklistId !== id) return;
    const now = host!.clock.now();
    if (name === STEP_DONE && typeof properties.stepId === 'string' && steps.some(({ step }) => step.id === properties.stepId)) {
      saved.done[properties.stepId] ??= now;
      // The other tab completed it and sends checklist_completed itself: this tab must not.
      if (Object.keys(saved.done).length === steps.length) saved.completed ??= now;
    } else if (name === COMPLETED) saved.completed ??= now;
    else if (name === DISMISSED) saved.dismissed ??= now;
    else return;
    changed();
  }

  const instance: FeatureInstance = {
    storeKeys: [key],
    systemEvents: [STEP_DONE, COMPLETED, DISMISSED],
    restore(stored) {
      saved = parse(stored[key], steps.map(({ step }) => step.id));
      subject.set(snapshot());
    },
    save: () => [[key, saved]],
    attributes(into) {
      const all = (isRecord(into.checklists) ? into.checklists : (into.checklists = {})) as Record<string, unknown>;
      const stepsDone: Record<string, boolean> = {};
      for (const { step } of steps) stepsDone[step.id] = saved.done[step.id] !== undefined;
      all[id] = { ...progress(), completed: saved.completed !== undefined, dismissed: saved.dismissed !== undefined, steps: stepsDone };
    },
    react: ({ event, name, attributes, system }) => {
      // Its own events are the result of a step, never a step.
      if (!(system && (name === STEP_DONE || name === COMPLETED || name === DISMISSED))) react(event, name, attributes);
    },
    receive(event, name) {
      if (event.type === 'track') receive(name, event.properties);
      return undefined;
    },
    reset() {
      saved = { version: 1, done: {} };
      changed();
    },
  };

  return {
    name: key,
    setup(h) {
      host = h;
      return instance;
    },
    getState: subject.getState,
    subscribe: subject.subscribe,
    dismiss() {
      if (!host || saved.dismissed !== undefined) return;
      saved.dismissed = host.clock.now();
      host.track(DISMISSED, progress());
      changed();
    },
  };
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== false && value !== '';

/** Reads the stored progress; anything unreadable starts afresh. Unknown step ids are dropped. */
function parse(raw: unknown, ids: string[]): Saved {
  const saved: Saved = { version: 1, done: {} };
  if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.done)) return saved;
  for (const id of ids) if (typeof raw.done[id] === 'number') saved.done[id] = raw.done[id] as number;
  for (const field of ['eligible', 'completed', 'dismissed'] as const) if (typeof raw[field] === 'number') saved[field] = raw[field] as number;
  return saved;
}

function checkOptions(options: ChecklistOptions): string {
  if (!isRecord(options)) fail('checklist', 'an object');
  if (typeof options.id !== 'string' || options.id === '' || options.id.includes('.')) fail('checklist.id', 'a non-empty string without dots');
  if (!Array.isArray(options.steps) || options.steps.length === 0) fail('checklist.steps', 'a non-empty array of steps');
  const ids = new Set<string>();
  options.steps.forEach((step, i) => {
    const path = `checklist.steps[${i}]`;
    if (!isRecord(step) || typeof step.id !== 'string' || step.id === '' || ids.has(step.id)) fail(`${path}.id`, 'a unique, non-empty string');
    ids.add(step.id);
    if (typeof step.label !== 'string') fail(`${path}.label`, 'a string');
    const ways = [step.event, step.trait, step.when].filter((w) => w !== undefined).length;
    if (ways !== 1) fail(path, 'exactly one of event, trait or when');
    if (step.event !== undefined && typeof step.event !== 'string') fail(`${path}.event`, 'an event name');
    if (step.trait !== undefined && typeof step.trait !== 'string') fail(`${path}.trait`, 'a trait name');
    if (step.where !== undefined && (step.event === undefined || !isRecord(step.where))) fail(`${path}.where`, 'a condition, with event');
    if (step.when !== undefined && !isRecord(step.when)) fail(`${path}.when`, 'a condition');
    if (step.url !== undefined && typeof step.url !== 'string') fail(`${path}.url`, 'a URL string');
  });
  if (options.when !== undefined && !isRecord(options.when)) fail('checklist.when', 'a condition');
  return options.id;
}
