/** See pack-apps.mjs. */
export function apps(endpoint?: string): Record<'track' | 'lifecycle' | 'everything', string>;
/** Per app: its entry file name, and every file (entry and chunks, one folder) by name. */
export function buildApps(sources?: Record<string, string>): Promise<Record<string, { entry: string; files: Record<string, string> }>>;
