/**
 * `useNudge()`: the headless NudgeKit API as a React hook. React stays out of NudgeKit's
 * dependencies; copy this file into your app.
 */
import { useEffect, useState } from 'react';
import type { NudgeKit } from 'nudgekit';
import type { ActiveNudge } from 'nudgekit/rules';

/**
 * The nudge your component should show now, or `undefined`. It takes the nudge already on
 * offer (`nk.currentNudge()`), subscribes to `nk.on('nudge')`,
 * marks the nudge shown once React has committed it, and clears it when the nudge closes for
 * any reason (click, dismiss, auto-dismiss timeout, replaced by a higher priority, shutdown).
 *
 * Pass `accept` to take only some nudges (e.g. `n => n.type === 'custom'`) when a DOM
 * renderer shows the others: the listener sees every nudge.
 *
 * @example
 * ```tsx
 * const nudge = useNudge(nk, (n) => n.type === 'custom');
 * return nudge ? <PromoCard nudge={nudge} /> : null;
 * ```
 */
export function useNudge(nk: NudgeKit, accept: (nudge: ActiveNudge) => boolean = () => true): ActiveNudge | undefined {
  const [nudge, setNudge] = useState<ActiveNudge | undefined>(undefined);

  useEffect(() => {
    let stopWatching: (() => void) | undefined;
    const adopt = (next: ActiveNudge) => {
      if (!accept(next) || next.closed) return;
      stopWatching?.();
      setNudge(next);
      stopWatching = next.onClose(() => setNudge((current) => (current === next ? undefined : current)));
    };
    // A nudge offered before this component mounted is still on offer: pick it up first.
    const current = nk.currentNudge();
    if (current) adopt(current);
    const unsubscribe = nk.on('nudge', adopt);
    return () => {
      unsubscribe();
      stopWatching?.();
    };
    // `accept` is read when a nudge arrives; re-subscribing on every render would drop nothing
    // but would churn listeners, so only the client instance is a dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nk]);

  // `shown()` after the commit: the nudge_shown event means the user could see it.
  useEffect(() => {
    if (nudge && !nudge.closed) nudge.shown();
  }, [nudge]);

  return nudge;
}
