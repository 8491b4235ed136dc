/**
 * An app-styled nudge built on `useNudge()`: the app owns the markup, NudgeKit owns the
 * targeting, the caps and the event trail. Text is rendered by React as text (never as HTML),
 * and `click()` returns a URL only when it passed NudgeKit's safety check.
 */
import { useEffect, useId, useRef } from 'react';
import type { NudgeKit } from 'nudgekit';
import type { ActiveNudge } from 'nudgekit/rules';
import { useNudge } from './use-nudge';

const assign = (url: string) => window.location.assign(url);

/**
 * One nudge as an app card; Escape dismisses it; hover and focus pause its auto-dismiss.
 * `navigate` follows a clicked action's URL (a single-page app passes its router's).
 */
export function NudgeCard({ nudge, navigate = assign }: { nudge: ActiveNudge; navigate?: (url: string) => void }) {
  const follow = (url: string | undefined) => url && navigate(url);
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') nudge.dismiss('escape');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [nudge]);

  return (
    <section
      ref={ref}
      className={`promo promo--${nudge.type}`}
      aria-labelledby={nudge.title ? titleId : undefined}
      aria-label={nudge.title ? undefined : 'Announcement'}
      onMouseEnter={() => nudge.pause()}
      onMouseLeave={() => nudge.resume()}
      onFocus={() => nudge.pause()}
      onBlur={(event) => {
        if (!ref.current?.contains(event.relatedTarget as Node | null)) nudge.resume();
      }}
    >
      {nudge.image && <img src={nudge.image.src} alt={nudge.image.alt} />}
      {nudge.title && <h2 id={titleId}>{nudge.title}</h2>}
      {nudge.body && <p>{nudge.body}</p>}
      {/* `data` carries anything a custom nudge needs, e.g. a coupon code. */}
      {typeof nudge.data?.['coupon'] === 'string' && <p className="promo__coupon">{nudge.data['coupon']}</p>}
      <div className="promo__actions">
        {nudge.primary && (
          <button type="button" onClick={() => follow(nudge.click('primary'))}>
            {nudge.primary.label}
          </button>
        )}
        {nudge.secondary && (
          <button type="button" onClick={() => follow(nudge.click('secondary'))}>
            {nudge.secondary.label}
          </button>
        )}
        <button type="button" aria-label="Close" onClick={() => nudge.dismiss('close')}>
          ×
        </button>
      </div>
    </section>
  );
}

/** Place once near the root of the app: shows the current nudge, if any. */
export function NudgeSlot({ nk, navigate }: { nk: NudgeKit; navigate?: (url: string) => void }) {
  const nudge = useNudge(nk);
  return nudge ? <NudgeCard key={nudge.id} nudge={nudge} navigate={navigate} /> : null;
}
