export default function Page() {
  return <h1 className="govuk-heading-l">register-proceedings</h1>;
}
