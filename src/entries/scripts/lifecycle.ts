/**
 * dist/nudgekit.lifecycle.iife.min.js: `nudgekit/lifecycle` without the churn model's maths,
 * which has its own add-on file (dist/nudgekit.churn.iife.min.js).
 */
export { lifecycle, LIFECYCLE_DEFAULTS, classifyStage, valueTier, rfmScores, rfmSegment } from '../lifecycle';
