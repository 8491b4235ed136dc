/**
 * What turns rules as written (JSON or builders) into rules the engine runs: validation, then
 * compilation. One module, so the targeting feature loads both as one chunk, on demand; the
 * rule engine itself only runs what they produce.
 */
export { validateRules } from './validate';
export { indexRules } from './rule-index';
