// The console's shell: who is signed in decides between the sign-in pages and the app; the
// path decides the page. Pages load on demand so the first visit fetches little.
import About, { ABOUT_PATHS } from "./pages/about";
import { lazy, Suspense, useEffect, useRef, useState, type ComponentType, type LazyExoticComponent } from "react";
import { useLocation, match, navigate, Link } from "./lib/router";
import { useSession, signOut, loadSession } from "./lib/session";
import { useLiveStatus } from "./lib/live";
import { useMe, ROLE_NAMES } from "./lib/me";
import { LiveNotices } from "./pages/live-notices";
import { TimeoutWarning } from "./pages/timeout-warning";
import { Loading } from "./govuk/components";
import { SignInPage } from "./pages/sign-in";

type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
const page = (load: () => Promise<{ default: ComponentType<{ params: Record<string, string> }> }>): Page => lazy(load);

const ROUTES: [string, Page][] = [
  ["/", page(() => import("./pages/my-cases"))],
  ["/cases/new", page(() => import("./pages/register-proceedings"))],
  ["/cases/:id", page(() => import("./pages/case"))],
  ["/cases/:id/bundles/:hearingId", page(() => import("./pages/bundle"))],
  ["/cases/:id/:section", page(() => import("./pages/case"))],
  ["/children/:id", page(() => import("./pages/child"))],
  ["/children/:id/:section", page(() => import("./pages/child"))],
  ["/papers", page(() => import("./pages/papers"))],
  ["/papers/:id", page(() => import("./pages/paper"))],
  ["/changes", page(() => import("./pages/changes"))],
  ["/caseload", page(() => import("./pages/caseload"))],
  ["/balcony", page(() => import("./pages/balcony"))],
  ["/assurance", page(() => import("./pages/assurance"))],
  ["/notifications", page(() => import("./pages/notifications"))],
  ["/integrations", page(() => import("./pages/integrations"))],
  ["/records", page(() => import("./pages/records"))],
  ["/admin", page(() => import("./pages/admin"))],
  ["/admin/:section", page(() => import("./pages/admin"))],
];
const NotFound = page(() => import("./pages/not-found"));

function resolve(path: string): [Page, Record<string, string>] {
  for (const [pattern, component] of ROUTES) {
    const params = match(pattern, path);
    if (params) return [component, params];
  }
  return [NotFound, {}];
}

function ConnectionIndicator() {
  const status = useLiveStatus();
  const text = { live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…", offline: "Offline" }[status];
  const kind = status === "live" ? "live" : status === "offline" ? "offline" : "reconnecting";
  return (
    <span
      className={`app-connection app-connection--${kind}`}
      role="status"
      aria-live="polite"
      title="Updates arrive without reloading while this says Live"
      data-testid="connection"
    >
      <span className="govuk-visually-hidden">Updates: </span>
      {text}
    </span>
  );
}

function Header({ signedIn }: { signedIn: boolean }) {
  const { me } = useMe();
  // A sign-out the hub did not confirm is said so: on a shared computer "signed out" must be true.
  const [signOutFailed, setSignOutFailed] = useState(false);
  return (
    <header className="app-header-bar" role="banner">
      <div className="govuk-width-container app-header-bar__inner">
        <Link to="/" className="app-header-bar__name">
          Proceedings Hub
        </Link>
        {signedIn && (
          <div className="app-header-bar__user">
            <ConnectionIndicator />
            {me && (
              <span>
                {me.user.displayName} ({me.user.roles.map((r) => ROLE_NAMES[r]).join(", ")}, {me.organisation.name}){" "}
              </span>
            )}
            <a
              href="/signin"
              className="govuk-link govuk-link--inverse"
              onClick={(e) => {
                e.preventDefault();
                void signOut().then((done) => (done ? navigate("/signin") : setSignOutFailed(true)));
              }}
            >
              Sign out
            </a>
            {signOutFailed && (
              <strong className="app-header-bar__warning" role="alert">
                {" "}
                Not signed out: the hub could not be reached. Try again.
              </strong>
            )}
          </div>
        )}
      </div>
    </header>
  );
}

function Navigation() {
  const { has } = useMe();
  const { path } = useLocation();
  const items: [string, string, boolean][] = [
    [
      "/",
      "My cases",
      !has("ORGANISATION_ADMIN", "RECORDS_MANAGER") || has("LA_LEGAL", "SOCIAL_WORKER", "IRO", "IRO_MANAGER", "GUARDIAN", "CAFCASS_MANAGER", "COURT"),
    ],
    ["/papers", "Papers", has("IRO", "GUARDIAN", "COURT")],
    ["/changes", "Post-order changes", has("IRO", "GUARDIAN", "COURT")],
    ["/caseload", "Caseload", has("IRO", "IRO_MANAGER")],
    ["/assurance", "Assurance", has("COURT")],
    ["/balcony", "Balcony view", has("IRO_MANAGER", "CAFCASS_MANAGER", "HUB_ADMIN")],
    ["/notifications", "Notifications", true],
    ["/integrations", "Integrations", has("ORGANISATION_ADMIN", "HUB_ADMIN")],
    ["/records", "Records", has("RECORDS_MANAGER")],
    ["/admin", "Administration", has("HUB_ADMIN")],
  ];
  const visible = items.filter(([, , show]) => show);
  const current = [...visible]
    .reverse()
    .find(([to]) => (to === "/" ? path === "/" || path.startsWith("/cases") || path.startsWith("/children") : path.startsWith(to)))?.[0];
  return (
    <nav className="govuk-service-navigation" aria-label="Menu" data-module="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <ul className="govuk-service-navigation__list" id="navigation">
            {visible.map(([to, text]) => (
              <li key={to} className={`govuk-service-navigation__item${to === current ? " govuk-service-navigation__item--active" : ""}`}>
                <Link to={to} className="govuk-service-navigation__link" aria-current={to === current ? "page" : undefined}>
                  {to === current ? <strong className="govuk-service-navigation__active-fallback">{text}</strong> : text}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </nav>
  );
}

export function App() {
  const session = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);

  // A new page: move focus to its heading, as a full page load would put screen readers at the top.
  // Not on the first load: the browser starts at the top already, and the first Tab must reach
  // the skip link.
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    const h1 = main.current?.querySelector("h1");
    if (h1) {
      h1.setAttribute("tabindex", "-1");
      h1.focus({ preventScroll: false });
    }
  }, [path]);

  // A reload, a new tab or a link from an email: the hub says whether this browser is signed in.
  useEffect(() => void loadSession({ byThePerson: true }), []);

  const about = ABOUT_PATHS.includes(path);
  useEffect(() => {
    if (session === null && !about && path !== "/signin")
      navigate(`/signin?return=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    // Signed in already (another tab signed in, or the sign-in page was reloaded): go where asked.
    if (session && path === "/signin") {
      const to = new URLSearchParams(location.search).get("return") ?? "/";
      navigate(to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/signin") ? to : "/", { replace: true });
    }
  }, [session, path, about]);

  let content;
  if (about) content = <About path={path} />;
  else if (session === undefined) content = <Loading />;
  else if (path === "/signin") content = session ? <Loading /> : <SignInPage />;
  else if (!session) content = <Loading />;
  else {
    const [Component, params] = resolve(path);
    content = <Component params={params} />;
  }

  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <Header signedIn={!!session} />
      {session && <Navigation />}
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" ref={main}>
          {session && <LiveNotices />}
          {session && <TimeoutWarning />}
          <Suspense fallback={<Loading />}>{content}</Suspense>
        </main>
      </div>
      <footer className="govuk-footer" role="contentinfo">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">Support links</h2>
              <ul className="govuk-footer__inline-list">
                {[
                  ["/help", "Help"],
                  ["/accessibility", "Accessibility statement"],
                  ["/privacy", "Privacy"],
                  ["/cookies", "Cookies"],
                ].map(([to, text]) => (
                  <li className="govuk-footer__inline-list-item" key={to}>
                    <Link className="govuk-footer__link" to={to}>
                      {text}
                    </Link>
                  </li>
                ))}
              </ul>
              <p className="govuk-footer__meta-custom">
                Proceedings Hub joins the legal department, the IRO, the children's guardian and the court around a child's care proceedings. Every access is
                recorded.
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
