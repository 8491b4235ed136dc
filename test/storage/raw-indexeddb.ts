/**
 * Raw IndexedDB access for the storage tests, as another program (or an old build of
 * NudgeKit) would touch the database. Shared by the fake-indexeddb and real-Chromium suites.
 */
let counter = 0;

/** A database name no other test uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now()}-${counter++}`;

/** Opens the database with raw IndexedDB. */
export function rawOpen(name: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
