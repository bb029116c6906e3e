// Two minutes before the session ends for want of use, a dialog says so and offers to stay
// signed in (one request to the hub); at the end the page asks the hub, which says the session
// is over, and the sign-in page says why. Near the absolute end it says when, as that cannot move.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { activity, loadSession, refreshSession, sessionEndsAt, sessionStore, useSession } from "../lib/session";

const WARN_BEFORE_MS = 2 * 60_000;

export function TimeoutWarning() {
  const session = useSession();
  const last = useSyncExternalStore(activity.subscribe, activity.get);
  const [now, setNow] = useState(() => Date.now());
  const [understood, setUnderstood] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const endsAt = session ? sessionEndsAt(session) : Infinity;
  const warning = !!session && now >= endsAt - WARN_BEFORE_MS;

  // Tick once a second while the warning shows, else wake when it is due.
  useEffect(() => {
    if (!session) return;
    const wait = warning ? 1000 : Math.max(1000, endsAt - WARN_BEFORE_MS - Date.now());
    const t = window.setTimeout(() => setNow(Date.now()), Math.min(wait, 2 ** 31 - 1));
    return () => window.clearTimeout(t);
  }, [session, warning, endsAt, now, last]);

  // At the end: the hub decides (another tab may have kept the session going).
  useEffect(() => {
    if (session && now >= endsAt) {
      void loadSession().then((still) => {
        if (!still) sessionStore.clear("You were signed out because you had not used Proceedings Hub for a while. Your session ended to keep records safe.");
      });
    }
  }, [session, now, endsAt]);

  useEffect(() => {
    if (warning) button.current?.focus();
  }, [warning]);

  const absolute = !!session && session.expiresAt <= endsAt;
  if (!session || !warning || (absolute && understood)) return null;
  const minutes = Math.max(0, Math.ceil((endsAt - now) / 60_000));
  return (
    <div
      className="app-timeout"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="timeout-title"
      aria-describedby="timeout-text"
      data-testid="timeout-warning"
    >
      <h2 className="govuk-heading-m" id="timeout-title">
        You will be signed out soon
      </h2>
      <p className="govuk-body" id="timeout-text">
        {absolute
          ? `Your session reaches its end in ${minutes} ${minutes === 1 ? "minute" : "minutes"}. Save what you are writing, then sign in again.`
          : `You have not used Proceedings Hub for a while. To keep children's records safe, you will be signed out in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`}
      </p>
      <button ref={button} type="button" className="govuk-button" onClick={() => (absolute ? setUnderstood(true) : void refreshSession())}>
        {absolute ? "Continue" : "Stay signed in"}
      </button>
    </div>
  );
}
