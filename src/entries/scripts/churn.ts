/** dist/nudgekit.churn.iife.min.js: the BG/NBD churn model, for `NudgeKit.lifecycle({ churnModel: NudgeKit.bgnbd({...}) })`. */
export { bgnbd, probabilityAlive, expectedConversions } from '../lifecycle';
