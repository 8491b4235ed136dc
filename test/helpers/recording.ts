/**
 * A client config that "delivers" by recording: its transport keeps every event it is given
 * and answers 200, and its onError keeps every error. For tests about what a client sends and
 * reports, not about the network (the delivery tests use a real server).
 */
import type { AnalyticsEvent, NudgeKitConfig, NudgeKitError } from '../../src/index';

export interface Recording {
  config: Pick<NudgeKitConfig, 'endpoint' | 'transport' | 'onError'>;
  errors: NudgeKitError[];
  delivered: AnalyticsEvent[];
  /** The delivered events' names (`track`) or types (the others), in order. */
  names(): string[];
}

export function recording(): Recording {
  const errors: NudgeKitError[] = [];
  const delivered: AnalyticsEvent[] = [];
  return {
    config: {
      endpoint: 'http://127.0.0.1:9/v1/batch',
      transport: async (request) => {
        delivered.push(...(JSON.parse(String(request.body)) as { batch: AnalyticsEvent[] }).batch);
        return { status: 200 };
      },
      onError: (e) => errors.push(e),
    },
    errors,
    delivered,
    names: () => delivered.map((e) => (e.type === 'track' ? e.event : e.type)),
  };
}
