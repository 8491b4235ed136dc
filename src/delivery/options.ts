import { fail, fill, join, section, type Check } from '../core/option-checks';
import type { AnalyticsEvent } from '../core/types';

/**
 * What a formatter gets besides the events: everything it needs to address and sign a request.
 *
 * @example
 * ```ts
 * const format: FormatFunction = (events, meta) => ({ url: meta.endpoint ?? '/collect', body: JSON.stringify({ events, at: meta.sentAt }) });
 * ```
 */
export interface FormatMeta {
  /** The configured `endpoint`, if any. */
  endpoint: string | undefined;
  /** The configured `writeKey`, if any. */
  writeKey: string | undefined;
  /** When this request is being sent, ISO 8601: lets a collector correct device clock skew. */
  sentAt: string;
  /** Events the queue cap dropped since the last accepted batch (already set on the first event's `context`). */
  droppedEvents: number;
  /** `true` when the request goes out while the page is being hidden or closed (beacon / keepalive). */
  unloading: boolean;
}

/**
 * The HTTP request a formatter describes.
 *
 * @example
 * ```ts
 * const request: FormattedRequest = { url: '/collect', headers: { 'x-api-key': 'k' }, body: '[]' };
 * ```
 */
export interface FormattedRequest {
  url: string;
  headers?: Record<string, string>;
  body: string;
}

/**
 * Turns a batch of events into one HTTP request. It runs synchronously (also while a page closes) and should not throw.
 *
 * @example
 * ```ts
 * const ndjson: FormatFunction = (events) => ({ url: '/ingest', body: events.map((e) => JSON.stringify(e)).join('\n') });
 * ```
 */
export type FormatFunction = (events: AnalyticsEvent[], meta: FormatMeta) => FormattedRequest;

/**
 * The request handed to a transport.
 *
 * @example
 * ```ts
 * const transport: Transport = async (request: TransportRequest) => ({ status: (await fetch(request.url, request)).status });
 * ```
 */
export interface TransportRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** `true` on page hide/close: the request must outlive the page (fetch `keepalive`, or a beacon). */
  keepalive: boolean;
  /** Aborted when `timeoutMs` runs out. */
  signal?: AbortSignal;
}

/**
 * What a transport reports back. A rejected promise counts as a network error (retried).
 *
 * @example
 * ```ts
 * const response: TransportResponse = { status: 429, headers: { 'retry-after': '30' } };
 * ```
 */
export interface TransportResponse {
  status: number;
  headers?: Record<string, string>;
  /** The start of the response body (a few KB at most), for the report of a failed request. */
  body?: string;
  /**
   * `true` when the platform answered with a redirect it does not show (browser `fetch` with
   * `redirect: 'manual'`: status 0, no `Location`). Counted as a redirect, never as delivered.
   */
  opaqueRedirect?: boolean;
}

/**
 * Sends one request; replaces the built-in fetch/beacon transport.
 *
 * @example
 * ```ts
 * createNudgeKit({ endpoint: '/collect', transport: async (req) => ({ status: await nativeBridge.post(req.url, req.body) }) });
 * ```
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Delivery options. They sit at the top level of `createNudgeKit(config)`.
 *
 * @example
 * ```ts
 * createNudgeKit({ endpoint: 'https://api.segment.io/v1/batch', writeKey: 'wk_123', batch: { maxEvents: 20 } })
 * ```
 */
export interface DeliveryOptions {
  /** Where batches go, e.g. `https://api.segment.io/v1/batch`. Without it (and without a custom format or transport) nothing is queued or sent. */
  endpoint?: string;
  /** Segment-style write key (Basic auth user), PostHog project key or Amplitude API key. */
  writeKey?: string;
  /** When a batch is sent: at `maxEvents` events (50), `maxBytes` bytes (460,800) or every `intervalMs` (5000). */
  batch?: { maxEvents?: number; maxBytes?: number; intervalMs?: number };
  /** Backoff: full jitter over `baseMs * 2^n` (1000), capped at `maxMs` (60,000). */
  retry?: { baseMs?: number; maxMs?: number };
  /** Queue caps (10,000 events, 5 MiB); the oldest events are dropped first. */
  queue?: { maxEvents?: number; maxBytes?: number };
  /**
   * Wire format: Segment's batch format by default, or a function: `posthogFormat` or
   * `amplitudeFormat` from `nudgekit/formats`, or your own. Imported, so a page carries only
   * the format it uses.
   */
  format?: FormatFunction;
  /** Gzip request bodies where `CompressionStream` exists (not on unload: there is no time). Default `false`. */
  gzip?: boolean;
  /** A request that has not answered after this many ms is aborted and retried. Default 10,000. */
  timeoutMs?: number;
  /** Replaces the built-in fetch/beacon transport. */
  transport?: Transport;
}

/**
 * Options with every default filled in.
 *
 * @example
 * ```ts
 * const resolved: ResolvedDeliveryOptions = resolveDeliveryOptions({ endpoint: '/collect' });
 * ```
 */
export interface ResolvedDeliveryOptions {
  endpoint: string | undefined;
  writeKey: string | undefined;
  batch: { maxEvents: number; maxBytes: number; intervalMs: number };
  retry: { baseMs: number; maxMs: number };
  queue: { maxEvents: number; maxBytes: number };
  /** `undefined`: Segment's batch format. */
  format: FormatFunction | undefined;
  gzip: boolean;
  timeoutMs: number;
  transport: Transport | undefined;
  /** Whether delivery does anything at all (an endpoint, a format function or a transport is set). */
  enabled: boolean;
}

/**
 * The defaults, in one place so docs and tests can refer to them.
 *
 * @example
 * ```ts
 * DELIVERY_DEFAULTS.batch.maxEvents; // 50
 * ```
 */
export const DELIVERY_DEFAULTS = {
  batch: { maxEvents: 50, maxBytes: 460_800, intervalMs: 5000 },
  retry: { baseMs: 1000, maxMs: 60_000 },
  queue: { maxEvents: 10_000, maxBytes: 5 * 1024 * 1024 },
  timeoutMs: 10_000,
} as const;

const isPositiveInt = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
const positiveInt: Check = (value, path) => {
  if (!isPositiveInt(value)) fail(path, 'a positive integer');
};
const typed =
  (type: string, what: string): Check =>
  (value, path) => {
    if (typeof value !== type) fail(path, what);
  };
const group = (keys: readonly string[]): Check => (value, path) => section(value, path, Object.fromEntries(keys.map((key) => [key, positiveInt])));

// The checks of the top-level keys delivery owns, in the order they are reported.
const DELIVERY_CHECKS: Record<string, Check> = {
  endpoint: (value, path) => {
    if (typeof value !== 'string' || !isEndpoint(value)) fail(path, 'an http(s) URL or a path starting with "/"');
  },
  writeKey: typed('string', 'a string'),
  batch: group(['maxEvents', 'maxBytes', 'intervalMs']),
  retry: (value, path) => {
    group(['baseMs', 'maxMs'])(value, path);
    const retry = value as { baseMs?: number; maxMs?: number };
    if (retry.maxMs !== undefined && retry.maxMs < (retry.baseMs ?? DELIVERY_DEFAULTS.retry.baseMs)) fail(join(path, 'maxMs'), 'a value not below retry.baseMs');
  },
  queue: group(['maxEvents', 'maxBytes']),
  format: typed('function', "a function, e.g. posthogFormat from 'nudgekit/formats'"),
  gzip: typed('boolean', 'a boolean'),
  timeoutMs: positiveInt,
  transport: typed('function', 'a function'),
};

/**
 * Checks the delivery part of a configuration. Keys it does not own are ignored (the
 * client's config has many others); unknown keys inside `batch`, `retry` and `queue` are errors.
 *
 * @throws ConfigError with the exact path, e.g. `batch.maxEvents: expected a positive integer`.
 * @example
 * ```ts
 * validateDeliveryOptions({ batch: { maxEvents: 0 } }); // throws "batch.maxEvents: expected a positive integer"
 * ```
 */
export function validateDeliveryOptions(options: Record<string, unknown>, path = ''): void {
  if (typeof options !== 'object' || options === null) fail(path || 'options', 'an object');
  for (const key in DELIVERY_CHECKS) {
    const value = options[key];
    if (value !== undefined) DELIVERY_CHECKS[key]!(value, join(path, key));
  }
}

/**
 * Fills in the defaults. Call {@link validateDeliveryOptions} first.
 *
 * @example
 * ```ts
 * resolveDeliveryOptions({}).batch.maxEvents; // 50
 * ```
 */
export function resolveDeliveryOptions(options: DeliveryOptions): ResolvedDeliveryOptions {
  const d = DELIVERY_DEFAULTS;
  const format = options.format;
  return {
    endpoint: options.endpoint,
    writeKey: options.writeKey,
    batch: fill<ResolvedDeliveryOptions['batch']>(d.batch, options.batch),
    retry: { baseMs: options.retry?.baseMs ?? d.retry.baseMs, maxMs: options.retry?.maxMs ?? Math.max(d.retry.maxMs, options.retry?.baseMs ?? 0) },
    queue: fill<ResolvedDeliveryOptions['queue']>(d.queue, options.queue),
    format,
    gzip: options.gzip ?? false,
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    transport: options.transport,
    enabled: options.endpoint !== undefined || options.format !== undefined || options.transport !== undefined,
  };
}

function isEndpoint(value: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
