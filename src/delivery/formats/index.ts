import type { FormatFunction, ResolvedDeliveryOptions } from '../options';
import { amplitudeFormat } from './amplitude';
import { posthogFormat } from './posthog';
import { segmentFormat } from './segment';

/**
 * The formatter for a `format` option: a built-in by name, or the user's function.
 *
 * @example
 * ```ts
 * const format = resolveFormat('posthog');
 * ```
 */
export function resolveFormat(format: ResolvedDeliveryOptions['format']): FormatFunction {
  if (typeof format === 'function') return format;
  if (format === 'posthog') return posthogFormat;
  if (format === 'amplitude') return amplitudeFormat;
  return segmentFormat;
}
