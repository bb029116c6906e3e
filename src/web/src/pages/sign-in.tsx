import { useEffect, useState } from "react";
import { anonymousGraphQL, sessionStore, signInAsDemoUser } from "../lib/session";
import { navigate, useLocation } from "../lib/router";
import { usePageTitle } from "../lib/page";
import { ROLE_NAMES } from "../lib/me";
import { Button, NotificationBanner, Table, WarningText, Loading, ErrorSummary } from "../govuk/components";
import type { Provider } from "../lib/oidc";
import type { Role } from "../gql/graphql";

interface Options {
  providers: Provider[];
  demoUsers: { subject: string; displayName: string; roles: Role[]; organisationName: string }[];
}

// Asked without a token, so over plain fetch (the typed client carries the session's token).
const OPTIONS = `query SignInOptions { signInOptions { providers { id displayName issuer discoveryUrl clientId scope } demoUsers { subject displayName roles organisationName } } }`;

export function SignInPage() {
  usePageTitle("Sign in");
  const { search } = useLocation();
  const returnTo = search.get("return") ?? "/";
  const [options, setOptions] = useState<Options | null>(null);
  const [error, setError] = useState<string | null>(null);
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
  const provider = async (p: Provider) => {
    try {
      const { signInWith } = await import("../lib/oidc");
      await signInWith(p, returnTo);
    } catch (e) {
      setError(`${p.displayName} could not be reached: ${e instanceof Error ? e.message : e}`);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <ErrorSummary errors={error ? [{ id: null, message: error }] : []} />
        {ended && <NotificationBanner title="Signed out">{<p className="govuk-notification-banner__heading">{ended}</p>}</NotificationBanner>}
        <h1 className="govuk-heading-xl">Sign in to Proceedings Hub</h1>
        {!options && !error && <Loading />}
        {options && options.providers.length > 0 && (
          <>
            <h2 className="govuk-heading-m">Sign in with your organisation</h2>
            <p className="govuk-body">You will go to your organisation's sign-in page and come back here.</p>
            <div className="app-actions">
              {options.providers.map((p) => (
                <Button key={p.id} onClick={() => void provider(p)}>
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
