/**
 * Delivery: a persisted queue, batches, retries, one sending tab, unload handling and wire formats.
 *
 * @packageDocumentation
 */
export { createDelivery } from './delivery';
export type { Delivery, DeliveryDeps, DeliveryStats } from './types';
export { validateDeliveryOptions, resolveDeliveryOptions, DELIVERY_DEFAULTS } from './options';
export type {
  DeliveryOptions,
  ResolvedDeliveryOptions,
  FormatFunction,
  FormatMeta,
  FormattedRequest,
  Transport,
  TransportRequest,
  TransportResponse,
} from './options';
export { segmentFormat } from './formats/segment';
export { posthogFormat } from './formats/posthog';
export { amplitudeFormat } from './formats/amplitude';
export { fetchTransport } from './transports/fetch';
export { backoffDelay, classifyStatus, parseRetryAfter } from './retry';
export type { Verdict } from './retry';
