/**
 * `nudgekit/formats`: wire formats besides Segment's (the default), to pass as `format`.
 *
 * @example
 * ```ts
 * import { posthogFormat } from 'nudgekit/formats';
 * createNudgeKit({ endpoint: 'https://eu.i.posthog.com/batch/', writeKey: 'phc_…', format: posthogFormat });
 * ```
 *
 * @packageDocumentation
 */
export { posthogFormat } from '../delivery/formats/posthog';
export { amplitudeFormat } from '../delivery/formats/amplitude';
export { segmentFormat } from '../delivery/formats/segment';
