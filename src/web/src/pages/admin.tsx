// Administration: the directory of organisations, the identity providers the hub trusts, and
// users (registered, deactivated at once, reactivated). No case data here.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { OrganisationKind, Role } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { ROLE_NAMES } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { navigate } from "../lib/router";
import { formatDateTime, words } from "../lib/format";
import { Button, Checkboxes, Details, ErrorSummary, Loading, NotificationBanner, Select, SubNav, Table, Tag, TextInput, Textarea } from "../govuk/components";

const DIRECTORY = graphql(`
  query Directory {
    organisations {
      id
      name
      kind
    }
    trustedIssuers {
      id
      issuer
      audience
      algorithms
      development
      discoveryUrl
      clientId
      scope
      displayName
    }
  }
`);
const USERS = graphql(`
  query OrganisationUsers($organisationId: ID!) {
    organisationUsers(organisationId: $organisationId) {
      id
      subject
      displayName
      email
      phone
      roles
      active
      deactivatedAt
    }
  }
`);
const REGISTER_ORGANISATION = graphql(`
  mutation RegisterOrganisation($input: RegisterOrganisationInput!) {
    registerOrganisation(input: $input) {
      id
      name
    }
  }
`);
const REGISTER_ISSUER = graphql(`
  mutation RegisterTrustedIssuer($input: RegisterTrustedIssuerInput!) {
    registerTrustedIssuer(input: $input) {
      id
      issuer
    }
  }
`);
const REGISTER_USER = graphql(`
  mutation RegisterUser($input: RegisterUserInput!) {
    registerUser(input: $input) {
      id
      displayName
    }
  }
`);
const DEACTIVATE = graphql(`
  mutation DeactivateUser($userId: ID!) {
    deactivateUser(userId: $userId) {
      id
      active
      deactivatedAt
    }
  }
`);
const REACTIVATE = graphql(`
  mutation ReactivateUser($userId: ID!) {
    reactivateUser(userId: $userId) {
      id
      active
      deactivatedAt
    }
  }
`);

const ROLES_BY_KIND: Record<OrganisationKind, Role[]> = {
  HUB: ["HUB_ADMIN"],
  LOCAL_AUTHORITY: ["LA_LEGAL", "SOCIAL_WORKER"],
  IRO_SERVICE: ["IRO", "IRO_MANAGER"],
  CAFCASS_AREA: ["GUARDIAN", "CAFCASS_MANAGER"],
  COURT: ["COURT"],
};
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

type Directory = NonNullable<ReturnType<typeof useDirectory>["data"]>;
const useDirectory = () => useQuery(DIRECTORY);

function Done({ text }: { text: string | null }) {
  return text ? <NotificationBanner success>{<p className="govuk-notification-banner__heading">{text}</p>}</NotificationBanner> : null;
}

function Organisations({ d }: { d: Directory }) {
  const [v, setV] = useState({ name: "", kind: "", issuerId: "", localAuthorityId: "", cafcassAreaId: "" });
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(REGISTER_ORGANISATION, ["name", "kind", "issuerId", "localAuthorityId", "cafcassAreaId"]);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const of = (kind: OrganisationKind) => d.organisations.filter((o) => o.kind === kind).map((o) => ({ value: o.id, text: o.name }));
  const submit = async () => {
    const problems = check([
      [v.name.trim() !== "", "name", "Enter the organisation's name"],
      [!!v.kind, "kind", "Select what kind of organisation it is"],
      [!!v.issuerId, "issuerId", "Select the identity provider its people sign in with"],
      [v.kind !== "IRO_SERVICE" || !!v.localAuthorityId, "localAuthorityId", "Select the local authority the IRO service belongs to"],
      [v.kind !== "COURT" || !!v.cafcassAreaId, "cafcassAreaId", "Select the Cafcass area that serves the court"],
    ]);
    if (problems.length) return action.setErrors(problems);
    const r = await action.run({
      input: {
        name: v.name.trim(),
        kind: v.kind as OrganisationKind,
        issuerId: v.issuerId,
        localAuthorityId: v.kind === "IRO_SERVICE" ? v.localAuthorityId : null,
        cafcassAreaId: v.kind === "COURT" ? v.cafcassAreaId : null,
      },
    });
    if (r) {
      setDone(`${r.registerOrganisation.name} registered`);
      setV({ name: "", kind: "", issuerId: "", localAuthorityId: "", cafcassAreaId: "" });
    }
  };
  return (
    <>
      <Table caption="Organisations" head={["Name", "Kind"]} rows={d.organisations.map((o) => [o.name, words(o.kind)])} />
      <Details summary="Register an organisation">
        <Done text={done} />
        <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
          <ErrorSummary errors={action.errors} />
          <TextInput id="name" label="Name" errors={action.errors} value={v.name} onChange={set("name")} />
          <Select
            id="kind"
            label="Kind"
            errors={action.errors}
            value={v.kind}
            onChange={set("kind")}
            placeholder="Choose"
            options={["LOCAL_AUTHORITY", "IRO_SERVICE", "CAFCASS_AREA", "COURT", "HUB"].map((k) => ({ value: k, text: words(k) }))}
          />
          <Select
            id="issuerId"
            label="Signs in with"
            errors={action.errors}
            value={v.issuerId}
            onChange={set("issuerId")}
            placeholder="Choose"
            options={d.trustedIssuers.map((i) => ({ value: i.id, text: i.displayName ?? i.issuer }))}
          />
          {v.kind === "IRO_SERVICE" && (
            <Select
              id="localAuthorityId"
              label="Local authority"
              errors={action.errors}
              value={v.localAuthorityId}
              onChange={set("localAuthorityId")}
              placeholder="Choose"
              options={of("LOCAL_AUTHORITY")}
            />
          )}
          {v.kind === "COURT" && (
            <Select
              id="cafcassAreaId"
              label="Cafcass area serving the court"
              errors={action.errors}
              value={v.cafcassAreaId}
              onChange={set("cafcassAreaId")}
              placeholder="Choose"
              options={of("CAFCASS_AREA")}
            />
          )}
          <Button type="submit" disabled={action.pending}>
            Register the organisation
          </Button>
        </form>
      </Details>
    </>
  );
}

function Issuers({ d }: { d: Directory }) {
  const [v, setV] = useState({
    issuer: "",
    audience: "proceedings-hub",
    algorithms: [] as string[],
    publicKeys: "",
    discoveryUrl: "",
    clientId: "",
    scope: "",
    displayName: "",
  });
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(REGISTER_ISSUER, {
    issuer: "issuer",
    audience: "audience",
    algorithms: "algorithms",
    publicKeys: "publicKeys",
    discoveryUrl: "discoveryUrl",
    clientId: "clientId",
    scope: "scope",
    displayName: "displayName",
    "publicKeys-0": "publicKeys",
    "publicKeys-1": "publicKeys",
  });
  const set =
    <K extends keyof typeof v>(k: K) =>
    (x: (typeof v)[K]) =>
      setV({ ...v, [k]: x });
  // Keys are pasted one after another: PEM blocks, or JWKs (one JSON object each).
  const keys = () => v.publicKeys.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----|\{[\s\S]*?\}/g) ?? [];
  const submit = async () => {
    const problems = check([
      [v.issuer.trim() !== "", "issuer", "Enter the issuer (the iss claim)"],
      [v.audience.trim() !== "", "audience", "Enter the audience (the aud claim)"],
      [v.algorithms.length > 0, "algorithms", "Select the signing algorithms"],
      [keys().length > 0, "publicKeys", "Paste at least one public key (PEM or JWK)"],
      [
        !v.clientId.trim() === !v.discoveryUrl.trim(),
        v.clientId.trim() ? "discoveryUrl" : "clientId",
        "Console sign-in needs both the discovery URL and the client id",
      ],
    ]);
    if (problems.length) return action.setErrors(problems);
    const opt = (x: string) => x.trim() || null;
    const r = await action.run({
      input: {
        issuer: v.issuer.trim(),
        audience: v.audience.trim(),
        algorithms: v.algorithms,
        publicKeys: keys(),
        discoveryUrl: opt(v.discoveryUrl),
        clientId: opt(v.clientId),
        scope: opt(v.scope),
        displayName: opt(v.displayName),
      },
    });
    if (r) setDone(`${r.registerTrustedIssuer.issuer} is trusted`);
  };
  return (
    <>
      <Table
        caption="Trusted identity providers"
        head={["Issuer", "Audience", "Algorithms", "Console sign-in", ""]}
        rows={d.trustedIssuers.map((i) => [
          i.displayName ? `${i.displayName} (${i.issuer})` : i.issuer,
          i.audience,
          i.algorithms.join(", "),
          i.clientId ? `${i.clientId} at ${i.discoveryUrl}` : "—",
          i.development ? <Tag colour="orange">Development</Tag> : "",
        ])}
      />
      <Details summary="Trust an identity provider">
        <Done text={done} />
        <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
          <ErrorSummary errors={action.errors} />
          <TextInput id="issuer" label="Issuer" hint="Exactly the iss claim of its tokens" errors={action.errors} value={v.issuer} onChange={set("issuer")} />
          <TextInput
            id="audience"
            label="Audience"
            hint="The aud claim its tokens carry for this hub"
            errors={action.errors}
            value={v.audience}
            onChange={set("audience")}
          />
          <Checkboxes
            id="algorithms"
            legend="Signing algorithms"
            small
            errors={action.errors}
            values={v.algorithms}
            onChange={set("algorithms")}
            options={ALGORITHMS.map((a) => ({ value: a, text: a }))}
          />
          <Textarea
            id="publicKeys"
            label="Public keys"
            hint="PEM (SPKI) or JWK; several while the provider rotates keys"
            errors={action.errors}
            value={v.publicKeys}
            onChange={set("publicKeys")}
            rows={8}
          />
          <h3 className="govuk-heading-s">Console sign-in (OpenID Connect, optional)</h3>
          <TextInput
            id="discoveryUrl"
            label="Discovery URL"
            hint="…/.well-known/openid-configuration"
            errors={action.errors}
            value={v.discoveryUrl}
            onChange={set("discoveryUrl")}
          />
          <TextInput id="clientId" label="Client id" errors={action.errors} value={v.clientId} onChange={set("clientId")} />
          <TextInput
            id="scope"
            label="Scopes"
            hint='Default "openid profile email"; add the one your provider uses to name this hub as audience'
            errors={action.errors}
            value={v.scope}
            onChange={set("scope")}
          />
          <TextInput id="displayName" label="Name on the sign-in button" errors={action.errors} value={v.displayName} onChange={set("displayName")} />
          <Button type="submit" disabled={action.pending}>
            Trust the provider
          </Button>
        </form>
      </Details>
    </>
  );
}

function Users({ d }: { d: Directory }) {
  const [organisationId, setOrganisationId] = useState(d.organisations[0]?.id ?? "");
  const { data, loading } = useQuery(USERS, { variables: { organisationId }, skip: !organisationId });
  const organisation = d.organisations.find((o) => o.id === organisationId);
  const [v, setV] = useState({ subject: "", displayName: "", email: "", phone: "", roles: [] as string[] });
  const [done, setDone] = useState<string | null>(null);
  const register = useAction(REGISTER_USER, ["subject", "displayName", "email", "phone", "roles"]);
  const deactivate = useAction(DEACTIVATE);
  const reactivate = useAction(REACTIVATE);
  const set =
    <K extends keyof typeof v>(k: K) =>
    (x: (typeof v)[K]) =>
      setV({ ...v, [k]: x });
  const submit = async () => {
    const problems = check([
      [v.subject.trim() !== "", "subject", "Enter the subject (the sub claim that signs them in)"],
      [v.displayName.trim() !== "", "displayName", "Enter their name"],
      [/^\S+@\S+\.\S+$/.test(v.email), "email", "Enter an email address like name@example.org.uk"],
      [v.roles.length > 0, "roles", "Select their role"],
    ]);
    if (problems.length) return register.setErrors(problems);
    const r = await register.run({
      input: {
        organisationId,
        subject: v.subject.trim(),
        displayName: v.displayName.trim(),
        email: v.email.trim(),
        phone: v.phone.trim() || null,
        roles: v.roles as Role[],
      },
    });
    if (r) {
      setDone(`${r.registerUser.displayName} registered`);
      setV({ subject: "", displayName: "", email: "", phone: "", roles: [] });
    }
  };
  return (
    <>
      <Select
        id="organisation"
        label="Organisation"
        value={organisationId}
        onChange={setOrganisationId}
        options={d.organisations.map((o) => ({ value: o.id, text: `${o.name} (${words(o.kind)})` }))}
      />
      <ErrorSummary errors={[...deactivate.errors, ...reactivate.errors]} />
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption={`People at ${organisation?.name ?? ""}`}
          head={["Name", "Role", "Subject", "Email", "Status", ""]}
          rows={data.organisationUsers.map((u) => [
            u.displayName,
            u.roles.map((r) => ROLE_NAMES[r]).join(", "),
            <code>{u.subject}</code>,
            u.email,
            u.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Deactivated {formatDateTime(u.deactivatedAt)}</Tag>,
            u.active ? (
              <Button variant="warning" onClick={() => void deactivate.run({ userId: u.id })}>
                Deactivate<span className="govuk-visually-hidden"> {u.displayName}</span>
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => void reactivate.run({ userId: u.id })}>
                Reactivate<span className="govuk-visually-hidden"> {u.displayName}</span>
              </Button>
            ),
          ])}
        />
      )}
      {organisation && (
        <Details summary={`Register someone at ${organisation.name}`}>
          <Done text={done} />
          <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
            <ErrorSummary errors={register.errors} />
            <TextInput
              id="subject"
              label="Subject"
              hint="The sub claim their identity provider puts in their tokens"
              errors={register.errors}
              value={v.subject}
              onChange={set("subject")}
            />
            <TextInput id="displayName" label="Name" errors={register.errors} value={v.displayName} onChange={set("displayName")} />
            <TextInput id="email" label="Email" type="email" errors={register.errors} value={v.email} onChange={set("email")} />
            <TextInput id="phone" label="Phone (optional)" type="tel" width="20" errors={register.errors} value={v.phone} onChange={set("phone")} />
            <Checkboxes
              id="roles"
              legend="Role"
              small
              errors={register.errors}
              values={v.roles}
              onChange={set("roles")}
              options={ROLES_BY_KIND[organisation.kind].map((r) => ({ value: r, text: ROLE_NAMES[r] }))}
            />
            <Button type="submit" disabled={register.pending}>
              Register
            </Button>
          </form>
        </Details>
      )}
    </>
  );
}

const OUTBOX = graphql(`
  query EmailOutbox($status: EmailStatus) {
    emailOutbox(first: 50, status: $status) {
      edges {
        node {
          id
          toAddress
          subject
          status
          attempts
          lastError
          nextAttemptAt
          sentAt
          createdAt
        }
      }
    }
  }
`);
const RETRY_EMAIL = graphql(`
  mutation RetryEmail($id: ID!) {
    retryEmail(id: $id)
  }
`);

/** The email outbox: what failed for good (and why), sent again on request. */
function Emails() {
  const [status, setStatus] = useState("FAILED");
  const { data, loading, error } = useQuery(OUTBOX, { variables: { status: (status || null) as never } });
  const retry = useAction(RETRY_EMAIL);
  return (
    <>
      <h2 className="govuk-heading-l">Email outbox</h2>
      <p className="govuk-body">
        Notice emails are retried with growing waits; after the last attempt they are marked failed here, with the mail server's answer.
      </p>
      <Select
        id="email-status"
        label="Show"
        value={status}
        onChange={setStatus}
        options={[
          { value: "FAILED", text: "Failed" },
          { value: "PENDING", text: "Waiting to be sent" },
          { value: "SENT", text: "Sent" },
          { value: "", text: "All" },
        ]}
      />
      <ErrorSummary errors={[...retry.errors, ...(error ? [{ id: null, message: error.message }] : [])]} />
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption={<span className="govuk-visually-hidden">Emails</span>}
          empty="No emails to show."
          head={["To", "Subject", "Status", "Attempts", "Last error", ""]}
          rows={data.emailOutbox.edges.map(({ node: m }) => [
            m.toAddress,
            m.subject,
            m.status === "SENT" ? (
              <Tag colour="green">{`Sent ${formatDateTime(m.sentAt)}`}</Tag>
            ) : m.status === "FAILED" ? (
              <Tag colour="red">Failed</Tag>
            ) : (
              <Tag colour="yellow">Waiting</Tag>
            ),
            String(m.attempts),
            m.lastError ?? "",
            m.status === "FAILED" ? (
              <Button variant="secondary" onClick={() => void retry.run({ id: m.id })}>
                Send again<span className="govuk-visually-hidden"> to {m.toAddress}</span>
              </Button>
            ) : (
              ""
            ),
          ])}
        />
      )}
    </>
  );
}

export default function Admin({ params }: { params: Record<string, string> }) {
  usePageTitle("Administration");
  const { data, loading, error } = useDirectory();
  const section = params.section ?? "users";
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorSummary errors={[{ id: null, message: error?.message ?? "The directory could not be loaded" }]} />;
  if (!["users", "organisations", "issuers", "emails"].includes(section)) navigate("/admin", { replace: true });
  return (
    <>
      <h1 className="govuk-heading-xl">Administration</h1>
      <SubNav
        label="Administration sections"
        current={section}
        items={[
          { key: "users", text: "Users", to: "/admin" },
          { key: "organisations", text: "Organisations", to: "/admin/organisations" },
          { key: "issuers", text: "Identity providers", to: "/admin/issuers" },
          { key: "emails", text: "Email outbox", to: "/admin/emails" },
        ]}
      />
      {section === "users" && <Users d={data} />}
      {section === "organisations" && <Organisations d={data} />}
      {section === "issuers" && <Issuers d={data} />}
      {section === "emails" && <Emails />}
    </>
  );
}
