// The pages every GOV.UK-style service links from its footer: help, the accessibility
// statement, the privacy notice and cookies. Readable without signing in.
import type { ReactElement } from "react";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";

function Help() {
  return (
    <>
      <h1 className="govuk-heading-xl">Help</h1>
      <p className="govuk-body">
        Proceedings Hub joins up a child's care proceedings: the local authority's legal department, the child's Independent Reviewing Officer (IRO), the
        Cafcass children's guardian and the family court.
      </p>
      <h2 className="govuk-heading-m">Signing in</h2>
      <p className="govuk-body">
        Sign in with your own organisation's account, from the <Link to="/signin">sign-in page</Link>. If you cannot, or your work has moved to another team,
        ask your organisation's systems administrator: they register people and end access.
      </p>
      <h2 className="govuk-heading-m">Finding your work</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>
          <strong>My cases</strong> starts with what needs you, then lists your cases. Search by case number, a child's name or the local authority's reference.
        </li>
        <li>
          <strong>Papers</strong> lists the court papers delivered to you: read, download and acknowledge them there.
        </li>
        <li>
          <strong>Notifications</strong> says what needed you, and lets you choose how you hear of each kind.
        </li>
      </ul>
      <h2 className="govuk-heading-m">If something is wrong</h2>
      <p className="govuk-body">
        If you see a record that should not be yours to see, or one that is wrong, tell your organisation's systems administrator at once. Every access to a
        case is recorded.
      </p>
    </>
  );
}

function Accessibility() {
  return (
    <>
      <h1 className="govuk-heading-xl">Accessibility statement</h1>
      <p className="govuk-body">
        This statement applies to the Proceedings Hub console. We want as many people as possible to be able to use it. You should be able to:
      </p>
      <ul className="govuk-list govuk-list--bullet">
        <li>zoom in up to 400% without the text spilling off the screen (pages are built to work 320 pixels wide)</li>
        <li>navigate the whole console using just a keyboard</li>
        <li>navigate most of it using a screen reader</li>
        <li>print a case, a child, your papers and the balcony view without the menus</li>
      </ul>
      <h2 className="govuk-heading-m">How accessible this service is</h2>
      <p className="govuk-body">
        We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Each page the console shows is checked with axe-core in a real
        browser whenever the service changes, one flow is checked with the keyboard alone, and pages are checked at 320 pixels wide. We know of no part of the
        console that fails the standard today; automated checks do not find every problem, so tell us of any you meet.
      </p>
      <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
      <p className="govuk-body">
        Tell your organisation's systems administrator what the problem was, on which page, and what you were using (for example a screen reader or
        magnification). They raise it with the hub's operators, who will reply within 5 working days.
      </p>
      <h2 className="govuk-heading-m">Enforcement procedure</h2>
      <p className="govuk-body">
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
        Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
      </p>
      <h2 className="govuk-heading-m">Preparation of this statement</h2>
      <p className="govuk-body">This statement was prepared on 7 December 2026. It is reviewed whenever the console changes substantially.</p>
    </>
  );
}

function Privacy() {
  return (
    <>
      <h1 className="govuk-heading-xl">Privacy notice</h1>
      <p className="govuk-body">
        Proceedings Hub holds records about children in care proceedings, and about the professionals who work on them, for the local authorities, Cafcass and
        the family court that use it. Each organisation is the controller of the records it puts in; the hub processes them for those organisations.
      </p>
      <h2 className="govuk-heading-m">What the hub holds, and why</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>about children: their names, dates of birth, the local authority's reference, court papers, care plans, reviews, liaison records, decisions</li>
        <li>about professionals: names, work email and telephone, organisation, role, and which cases they are appointed to</li>
        <li>a record of every access to a case: who, when, which operation, and the outcome</li>
      </ul>
      <p className="govuk-body">
        The organisations use it to carry out their public tasks and legal duties under the Children Act 1989 and the Care Planning, Placement and Case Review
        (England) Regulations 2010 (UK GDPR articles 6(1)(e) and 9(2)(g) and (h)).
      </p>
      <h2 className="govuk-heading-m">Who can see it</h2>
      <p className="govuk-body">
        Only the people appointed to a child or a case, the organisations on the case, and their managers. Someone appointed to one child of a family sees only
        the other children's names and who holds which role.
      </p>
      <h2 className="govuk-heading-m">How long it is kept, and your rights</h2>
      <p className="govuk-body">
        Records are kept as each organisation's retention schedule and the law require. To ask for the information held about you or a child, or to complain
        about how it is used, contact the data protection officer of the local authority, Cafcass or the court. You can also complain to the Information
        Commissioner's Office.
      </p>
    </>
  );
}

function Cookies() {
  return (
    <>
      <h1 className="govuk-heading-xl">Cookies</h1>
      <p className="govuk-body">
        Proceedings Hub uses one cookie to keep you signed in, and no analytics or advertising cookies of any kind. It is strictly necessary, so we do not ask
        for consent.
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Cookies this service sets</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Purpose
            </th>
            <th scope="col" className="govuk-table__header">
              Expires
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          <tr className="govuk-table__row">
            <td className="govuk-table__cell">__Host-hub-session</td>
            <td className="govuk-table__cell">
              Keeps you signed in across pages, tabs and reloads. It holds a random session number only; the page's scripts cannot read it.
            </td>
            <td className="govuk-table__cell">
              When you sign out, after 30 minutes without using the service, or at the latest 10 hours after you sign in (the defaults: your organisation may
              set shorter ones)
            </td>
          </tr>
          <tr className="govuk-table__row">
            <td className="govuk-table__cell">__Host-hub-sign-in</td>
            <td className="govuk-table__cell">
              Only while you sign in with your organisation's account: links your return from its sign-in page to the browser that started it.
            </td>
            <td className="govuk-table__cell">When you come back, or after 10 minutes</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

const PAGES: Record<string, [string, () => ReactElement]> = {
  "/help": ["Help", Help],
  "/accessibility": ["Accessibility statement", Accessibility],
  "/privacy": ["Privacy notice", Privacy],
  "/cookies": ["Cookies", Cookies],
};

export const ABOUT_PATHS = Object.keys(PAGES);

export default function About({ path }: { path: string }) {
  const [title, Page] = PAGES[path] ?? PAGES["/help"];
  usePageTitle(title);
  return <Page />;
}
