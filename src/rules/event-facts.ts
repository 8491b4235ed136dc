/**
 * Small facts the engine reads off events and attributes, and the order of rules in a conflict.
 */
import type { AnalyticsEvent } from '../core/types';
import type { CompiledRule } from './rule-index';

/** Highest priority first; ties by position in the rule list. */
export function byPriority(a: CompiledRule, b: CompiledRule): number {
  return b.priority - a.priority || a.order - b.order;
}

/**
 * How many times `name` was tracked (this event included), as the profile counts it:
 * `eventCount` when given, else `attributes.events[name].count`; `undefined` when unknown.
 */
export function profileCount(
  eventCount: ((attributes: Record<string, unknown>, name: string) => number | undefined) | undefined,
  attributes: Record<string, unknown>,
  name: string,
): number | undefined {
  try {
    const count = eventCount ? eventCount(attributes, name) : defaultEventCount(attributes, name);
    return typeof count === 'number' && Number.isFinite(count) ? count : undefined;
  } catch {
    return undefined;
  }
}

function defaultEventCount(attributes: Record<string, unknown>, name: string): number | undefined {
  const events = attributes.events;
  if (events === null || typeof events !== 'object' || !Object.prototype.hasOwnProperty.call(events, name)) return undefined;
  const counter = (events as Record<string, unknown>)[name];
  const count = counter !== null && typeof counter === 'object' ? (counter as { count?: unknown }).count : undefined;
  return typeof count === 'number' ? count : undefined;
}

/** The page path: from the page context the client fills in, else the event's `path` property. */
export function pathOf(event: AnalyticsEvent): string | undefined {
  const fromContext = event.context?.page?.path;
  if (typeof fromContext === 'string') return fromContext;
  const fromProps = event.type === 'page' ? event.properties.path : undefined;
  return typeof fromProps === 'string' ? fromProps : undefined;
}
