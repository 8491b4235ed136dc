/** See pack-apps.mjs. */
export function apps(endpoint?: string): Record<'track' | 'lifecycle' | 'everything', string>;
export function buildApps(sources?: Record<string, string>): Promise<Record<string, string>>;
