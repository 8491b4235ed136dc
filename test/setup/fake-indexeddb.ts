// happy-dom has no IndexedDB; fake-indexeddb gives the unit tests a spec-faithful one.
// Real IndexedDB is tested in real Chromium (test/browser/).
import 'fake-indexeddb/auto';
