/**
 * dist/nudgekit.engage.iife.min.js: `nudgekit/engage` (checklists, incentives) with the DOM
 * views of engagement: the checklist panel and the survey view.
 */
export { checklist, incentives } from '../engage';
export { checklistPanel, surveyView } from '../dom';
