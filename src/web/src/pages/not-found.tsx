import { Link } from "../lib/router";
import { usePageTitle } from "../lib/page";

export default function NotFound() {
  usePageTitle("Page not found");
  return (
    <>
      <h1 className="govuk-heading-l">Page not found</h1>
      <p className="govuk-body">If you typed the web address, check it is correct. A case or child you are not on is not shown either.</p>
      <p className="govuk-body">
        <Link to="/">Go to your cases</Link>
      </p>
    </>
  );
}
