/**
 * What `track`, `identify` and `page` accept: each argument checked and normalised
 * into a {@link PartialEvent}, with the reports to make. An input without a `partial`
 * was rejected and is counted as such.
 */
import { ERROR_CODES, type ErrorCode } from '../core/errors';
import { pageContext } from './context';
import { checkEventName, normalizeJson, normalizeObject, type NormalizeIssue } from './normalize';
import { isReservedEventName } from '../core/types';
import type { PartialEvent } from './enrich';

export interface CheckedInput {
  partial?: PartialEvent;
  reports: Array<{ code: ErrorCode; message: string; details?: Record<string, unknown> }>;
}

export type Redactor = ((key: string) => boolean) | undefined;

const MAX_USER_ID_LENGTH = 256;

function propertyReport(method: string, name: string, issues: NormalizeIssue[]): CheckedInput['reports'] {
  if (issues.length === 0) return [];
  const message = `${method}("${name}"): ${issues.map((i) => `${i.path}: ${i.problem}`).join('; ')}`;
  return [{ code: ERROR_CODES.invalidProperty, message, details: { issues } }];
}

/** `isFeatureEvent`: the names the client's features emit, reserved like NudgeKit's own. */
export function checkTrack(event: unknown, properties: unknown, isRedacted: Redactor, isFeatureEvent?: (name: string) => boolean): CheckedInput {
  const checked = checkEventName(event);
  if ('problem' in checked) {
    return { reports: [{ code: ERROR_CODES.invalidEventName, message: `track(): ${checked.problem}; the event was not tracked` }] };
  }
  if (isReservedEventName(checked.name) || isFeatureEvent?.(checked.name)) {
    return { reports: [{ code: ERROR_CODES.reservedEvent, message: `track(): "${checked.name}" is reserved for NudgeKit's own events; the event was not tracked` }] };
  }
  const issues: NormalizeIssue[] = [];
  const props = normalizeJson(properties, issues, isRedacted);
  return { partial: { type: 'track', event: checked.name, properties: props.value, payloadBytes: props.bytes }, reports: propertyReport('track', checked.name, issues) };
}

/**
 * `identify()`, and the traits a nudge action records (`keepUser`: no user id is given and
 * whoever the user is keeps them), so both get the same checks and normalisation.
 */
export function checkIdentify(userId: unknown, traits: unknown, isRedacted: Redactor, keepUser?: boolean): CheckedInput {
  if (keepUser) userId = null;
  else if (typeof userId !== 'string' || userId.trim() === '' || userId.length > MAX_USER_ID_LENGTH) {
    const message = `identify(): userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters`;
    return { reports: [{ code: ERROR_CODES.invalidArgument, message }] };
  }
  const issues: NormalizeIssue[] = [];
  const normalized = normalizeJson(traits, issues, isRedacted, 'traits');
  return {
    partial: { type: 'identify', userId: userId as string | null, traits: normalized.value, payloadBytes: normalized.bytes },
    reports: propertyReport('identify', String(userId ?? ''), issues),
  };
}

/** A page name of the wrong type is left out (and reported); the page view still counts. */
export function checkPage(name: unknown, properties: unknown, isRedacted: Redactor): CheckedInput {
  const reports: CheckedInput['reports'] = [];
  let pageName: string | null = null;
  if (typeof name === 'string') pageName = name;
  else if (name !== undefined && name !== null) reports.push({ code: ERROR_CODES.invalidArgument, message: 'page(): name must be a string; it was left out' });
  const issues: NormalizeIssue[] = [];
  // url, path, title, referrer and search are filled in, as Segment does; the caller's properties win.
  const props = { ...pageContext()?.page, ...normalizeObject(properties, issues, isRedacted) };
  reports.push(...propertyReport('page', pageName ?? '', issues));
  return { partial: { type: 'page', name: pageName, properties: props }, reports };
}
