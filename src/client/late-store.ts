/**
 * A Store that forwards to whichever store is current. The client opens its real store
 * asynchronously but wires the modules at once; they hold this one.
 */
import { addCount, type Store } from '../storage/store';

export function lateStore(current: () => Store): Store {
  return {
    get kind() {
      return current().kind;
    },
    get sharedName() {
      return current().sharedName;
    },
    get: (key) => current().get(key),
    set: (key, value) => current().set(key, value),
    delete: (key) => current().delete(key),
    addCount: (key, delta) => addCount(current(), key, delta),
    append: (records) => current().append(records),
    head: (limit) => current().head(limit),
    update: (records) => current().update(records),
    remove: (seqs) => current().remove(seqs),
    size: () => current().size(),
    clear: () => current().clear(),
    close: () => current().close(),
  };
}
