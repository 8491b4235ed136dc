import { expect, it } from 'vitest';

it('runs in real Chromium with a real IndexedDB', async () => {
  expect(navigator.userAgent).toContain('Chrome');
  const request = indexedDB.open('nk-smoke', 1);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onupgradeneeded = () => request.result.createObjectStore('s');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  expect(db.objectStoreNames.contains('s')).toBe(true);
  db.close();
});
