import { useEffect, useState } from "react";
import { anonymousGraphQL, sessionStore, signInAsDemoUser, signInWith } from "../lib/session";
import { navigate, useLocation } from "../lib/router";
import { usePageTitle } from "../lib/page";
import { ROLE_NAMES } from "../lib/me";
import { Button, NotificationBanner, Table, WarningText, Loading, ErrorSummary } from "../govuk/components";
import type { Role } from "../gql/graphql";

interface Provider {
  id: string;
  displayName: string;
}

// Why a sign-in at an identity provider did not finish (the hub sends the person back here with a code).
const FAILED: Record<string, string> = {
  provider: "Your organisation's sign-in service could not be reached, or is no longer set up here. Try again, or ask your administrator.",
  expired: "That sign-in took too long or was started in another browser. Start again.",
  refused: "Your organisation's sign-in service did not sign you in. Start again.",
  unknown: "You signed in with your organisation, but this hub does not know you, or your access has ended. Ask your organisation's administrator.",
};

interface Options {
  providers: Provider[];
  demoUsers: { subject: string; displayName: string; roles: Role[]; organisationName: string }[];
}

// Asked as nobody, over plain fetch without the cookie (the typed client carries the session).
const OPTIONS = `query SignInOptions { signInOptions { providers { id displayName } demoUsers { subject displayName roles organisationName } } }`;

export function SignInPage() {
  usePageTitle("Sign in");
  const { search } = useLocation();
  const returnTo = search.get("return") ?? "/";
  const [options, setOptions] = useState<Options | null>(null);
  const failed = search.get("failed");
  const [error, setError] = useState<string | null>(failed ? (FAILED[failed] ?? FAILED.refused) : null);
  const ended = sessionStore.endedBecause();

  useEffect(() => {
    anonymousGraphQL<{ signInOptions: Options }>(OPTIONS)
      .then((d) => setOptions(d.signInOptions))
      .catch(() => setError("The hub cannot be reached. Check your connection and reload the page."));
  }, []);

  const go = () => navigate(returnTo.startsWith("/") && !returnTo.startsWith("/signin") ? returnTo : "/", { replace: true });
  const demo = async (subject: string) => {
    try {
      await signInAsDemoUser(subject);
      go();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Sign-in failed");
    }
  };
  const provider = (p: Provider) => signInWith(p.id, returnTo);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <ErrorSummary errors={error ? [{ id: null, message: error }] : []} />
        {ended && <NotificationBanner title="Signed out">{<p className="govuk-notification-banner__heading">{ended}</p>}</NotificationBanner>}
        <h1 className="govuk-heading-xl">Sign in to Proceedings Hub</h1>
        {!options && (!error || failed) && <Loading />}
        {options && options.providers.length > 0 && (
          <>
            <h2 className="govuk-heading-m">Sign in with your organisation</h2>
            <p className="govuk-body">You will go to your organisation's sign-in page and come back here.</p>
            <div className="app-actions">
              {options.providers.map((p) => (
                <Button key={p.id} onClick={() => provider(p)}>
                  {p.displayName}
                </Button>
              ))}
            </div>
          </>
        )}
        {options && options.demoUsers.length > 0 && (
          <>
            <h2 className="govuk-heading-m">Demo users</h2>
            <WarningText>Development only: this hub trusts its development issuer, so anyone can sign in as these people.</WarningText>
            <Table
              caption="Choose who to sign in as"
              captionSize="s"
              head={["Name", "Role", "Organisation", <span className="govuk-visually-hidden">Action</span>]}
              rows={options.demoUsers.map((u) => [
                u.displayName,
                u.roles.map((r) => ROLE_NAMES[r]).join(", "),
                u.organisationName,
                <Button variant="secondary" onClick={() => void demo(u.subject)}>
                  Sign in<span className="govuk-visually-hidden"> as {u.displayName}</span>
                </Button>,
              ])}
            />
          </>
        )}
        {options && !options.providers.length && !options.demoUsers.length && (
          <p className="govuk-body">No way of signing in has been set up on this hub yet. An administrator registers each organisation's identity provider.</p>
        )}
      </div>
    </div>
  );
}
