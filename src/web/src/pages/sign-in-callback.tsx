import { useEffect, useState } from "react";
import { navigate, Link } from "../lib/router";
import { usePageTitle } from "../lib/page";
import { Loading } from "../govuk/components";

export default function SignInCallback() {
  usePageTitle("Signing in");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let done = false;
    import("../lib/oidc")
      .then(({ completeSignIn }) => completeSignIn())
      .then((to) => {
        if (!done) navigate(to, { replace: true });
      })
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      done = true;
    };
  }, []);
  if (!error) return <Loading />;
  return (
    <>
      <h1 className="govuk-heading-l">Sign-in did not finish</h1>
      <p className="govuk-body">{error}</p>
      <p className="govuk-body">
        <Link to="/signin">Start again</Link>
      </p>
    </>
  );
}
