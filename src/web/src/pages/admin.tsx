export default function Page() {
  return <h1 className="govuk-heading-l">admin</h1>;
}
