/**
 * `nudgekit/node`: what only makes sense in Node, kept out of the main entry so that
 * browser bundles never carry it.
 *
 * @example
 * ```ts
 * import { createNudgeKit } from 'nudgekit';
 * import { fileStore } from 'nudgekit/node';
 * const nk = createNudgeKit({ endpoint, writeKey, store: fileStore({ path: './nudgekit-queue.json' }) });
 * ```
 *
 * @packageDocumentation
 */
export { fileStore } from '../storage/file';
export type { FileStoreOptions } from '../storage/file';
