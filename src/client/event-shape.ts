/**
 * Whether a value from outside the client's own pipeline (a plugin's result, another tab's
 * message) is an event the profile, the rules, the queue and the tabs can rely on.
 */
import { checkEventName } from './normalize';
import { isRecord } from '../core/option-checks';
import type { AnalyticsEvent, EventType } from '../core/types';

/** `type`: the one type to accept (a plugin may not change it); any of the three without it. */
export function isEvent(value: unknown, type?: EventType): value is AnalyticsEvent {
  const e = value as AnalyticsEvent | null;
  return (
    (type ? [type] : ['track', 'identify', 'page']).includes(e?.type as string) &&
    typeof e!.context?.session?.id === 'string' &&
    [e!.messageId, e!.timestamp, e!.anonymousId, e!.userId ?? ''].every((field) => typeof field === 'string') &&
    isRecord(e!.type === 'identify' ? e!.traits : e!.properties) &&
    (e!.type !== 'track' || 'name' in checkEventName(e!.event)) &&
    (e!.type !== 'page' || e!.name === null || typeof e!.name === 'string')
  );
}
