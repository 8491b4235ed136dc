import { memoryStore } from '../../src/storage/memory';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', { shared: false, fresh: () => () => memoryStore() });
