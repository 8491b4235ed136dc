export { compileCondition, evalCondition } from './condition';
export { hash } from './hash';
export type { Condition } from './types';
