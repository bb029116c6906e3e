// An organisation's own systems: webhook endpoints that hear of case events (with their delivery
// log) and service accounts that call the hub with their own keys. For the organisation's
// administrator (and hub administrators, for any organisation). No case data here.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { ROLE_NAMES, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { formatDateTime, words } from "../lib/format";
import { Button, Details, ErrorSummary, Loading, NotificationBanner, Select, SummaryList, Table, Tag, TextInput, Textarea } from "../govuk/components";

const INTEGRATIONS = graphql(`
  query Integrations($organisationId: ID) {
    webhookEndpoints(organisationId: $organisationId) {
      id
      url
      description
      kinds
      status
      pausedReason
      consecutiveFailures
      nextAttemptAt
      cursor
      createdAt
      deliveries(first: 20) {
        edges {
          node {
            id
            kind
            messageId
            succeeded
            statusCode
            error
            durationMs
            attemptedAt
          }
        }
      }
    }
    serviceAccounts(organisationId: $organisationId) {
      id
      name
      role
      issuer
      subject
      audience
      algorithms
      active
      createdAt
    }
  }
`);
const ORGANISATIONS = graphql(`
  query IntegrationOrganisations {
    organisations {
      id
      name
      kind
    }
  }
`);
const REGISTER_WEBHOOK = graphql(`
  mutation RegisterWebhookEndpoint($input: RegisterWebhookInput!) {
    registerWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
      }
    }
  }
`);
const PAUSE_WEBHOOK = graphql(`
  mutation PauseWebhookEndpoint($id: ID!, $reason: String!) {
    pauseWebhookEndpoint(id: $id, reason: $reason) {
      id
      status
    }
  }
`);
const RESUME_WEBHOOK = graphql(`
  mutation ResumeWebhookEndpoint($id: ID!) {
    resumeWebhookEndpoint(id: $id) {
      id
      status
    }
  }
`);
const DELETE_WEBHOOK = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);
const REGISTER_ACCOUNT = graphql(`
  mutation RegisterServiceAccount($input: RegisterServiceAccountInput!) {
    registerServiceAccount(input: $input) {
      id
      name
    }
  }
`);
const SET_ACCOUNT_ACTIVE = graphql(`
  mutation SetServiceAccountActive($id: ID!, $active: Boolean!) {
    setServiceAccountActive(id: $id, active: $active) {
      id
      active
    }
  }
`);

// The organisation kinds' case roles a machine may hold (as the hub checks).
const MACHINE_ROLES: Record<string, Role[]> = {
  LOCAL_AUTHORITY: ["LA_LEGAL", "SOCIAL_WORKER"],
  IRO_SERVICE: ["IRO", "IRO_MANAGER"],
  CAFCASS_AREA: ["GUARDIAN", "CAFCASS_MANAGER"],
  COURT: ["COURT"],
};

function Webhooks({
  organisationId,
  endpoints,
}: {
  organisationId: string | null;
  endpoints: NonNullable<ReturnType<typeof useIntegrations>["data"]>["webhookEndpoints"];
}) {
  const register = useAction(REGISTER_WEBHOOK, { url: "webhook-url", description: "webhook-description" });
  const pause = useAction(PAUSE_WEBHOOK);
  const resume = useAction(RESUME_WEBHOOK);
  const remove = useAction(DELETE_WEBHOOK);
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const errors = [...register.errors, ...pause.errors, ...resume.errors, ...remove.errors];
  return (
    <>
      <h2 className="govuk-heading-l">Webhook endpoints</h2>
      <p className="govuk-body">
        Your system hears of every change on your organisation's cases, in order, as a signed HTTP POST (Standard Webhooks). Each carries ids and the kind of
        change only; your system calls the hub for the details with a service account.
      </p>
      <ErrorSummary errors={errors} />
      {secret && (
        <NotificationBanner success title="Endpoint registered">
          <p className="govuk-body">Give your system this signing secret now: it is not shown again.</p>
          <p className="govuk-body app-pre">
            <code id="webhook-secret">{secret}</code>
          </p>
        </NotificationBanner>
      )}
      {endpoints.map((e) => (
        <div className="app-card" key={e.id}>
          <h3 className="govuk-heading-m app-pre">{e.url}</h3>
          <SummaryList
            rows={[
              ["Status", e.status === "ACTIVE" ? <Tag colour="green">Active</Tag> : <Tag colour="red">Paused</Tag>],
              e.pausedReason ? ["Why paused", e.pausedReason] : null,
              e.consecutiveFailures > 0 ? ["Failed attempts in a row", `${e.consecutiveFailures} (next try ${formatDateTime(e.nextAttemptAt)})`] : null,
              ["Kinds", e.kinds.length ? e.kinds.map(words).join(", ") : "Every kind"],
              e.description ? ["Description", e.description] : null,
              ["Registered", formatDateTime(e.createdAt)],
            ]}
          />
          <div className="govuk-button-group">
            {e.status === "ACTIVE" ? (
              <Button variant="secondary" onClick={() => void pause.run({ id: e.id, reason: "paused from the console" })}>
                Pause<span className="govuk-visually-hidden"> {e.url}</span>
              </Button>
            ) : (
              <Button onClick={() => void resume.run({ id: e.id })}>
                Resume<span className="govuk-visually-hidden"> {e.url}</span>
              </Button>
            )}
            <Button variant="warning" onClick={() => void remove.run({ id: e.id })}>
              Delete<span className="govuk-visually-hidden"> {e.url}</span>
            </Button>
          </div>
          <Table
            caption="Delivery log"
            captionSize="s"
            empty="Nothing delivered yet."
            head={["When", "Event", "Result", "Time"]}
            rows={e.deliveries.edges.map(({ node: d }) => [
              formatDateTime(d.attemptedAt),
              words(d.kind),
              d.succeeded ? <Tag colour="green">{`Delivered (${d.statusCode})`}</Tag> : <Tag colour="red">{d.error ?? "Failed"}</Tag>,
              `${d.durationMs} ms`,
            ])}
          />
        </div>
      ))}
      {!endpoints.length && <p className="govuk-body">No endpoints yet.</p>}
      <Details summary="Register an endpoint">
        <form
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            const bad = check([[/^https?:\/\//.test(url), "webhook-url", "Enter the endpoint's URL, starting https://"]]);
            if (bad.length) return register.setErrors(bad);
            void register.run({ input: { organisationId, url, description: description || null } }).then((r) => {
              if (r) {
                setSecret(r.registerWebhookEndpoint.secret);
                setUrl("");
                setDescription("");
              }
            });
          }}
        >
          <TextInput
            id="webhook-url"
            label="URL"
            hint="Where the hub posts each event"
            value={url}
            onChange={setUrl}
            errors={register.errors}
            spellCheck={false}
          />
          <TextInput id="webhook-description" label="Description (optional)" value={description} onChange={setDescription} errors={register.errors} />
          <Button type="submit" disabled={register.pending}>
            Register endpoint
          </Button>
        </form>
      </Details>
    </>
  );
}

function ServiceAccounts({
  organisationId,
  organisationKind,
  accounts,
}: {
  organisationId: string | null;
  organisationKind: string;
  accounts: NonNullable<ReturnType<typeof useIntegrations>["data"]>["serviceAccounts"];
}) {
  const register = useAction(REGISTER_ACCOUNT, { name: "account-name", role: "account-role", "publicKeys-0": "account-key", publicKeys: "account-key" });
  const setActive = useAction(SET_ACCOUNT_ACTIVE);
  const hubAdmin = useMe().has("HUB_ADMIN");
  const roles = MACHINE_ROLES[organisationKind] ?? [];
  const [name, setName] = useState("");
  const [role, setRole] = useState<string>("");
  const [key, setKey] = useState("");
  return (
    <>
      <h2 className="govuk-heading-l">Service accounts</h2>
      <p className="govuk-body">
        A service account lets your system call the hub with tokens it signs with its own private key (ES256 unless you say otherwise). It sees what a person in
        its role would, and every call is in the audit trail under its name. A hub administrator switches a new account on, and again after its keys change.
      </p>
      <ErrorSummary errors={[...register.errors, ...setActive.errors]} />
      <Table
        caption={<span className="govuk-visually-hidden">Service accounts</span>}
        empty="No service accounts yet."
        head={["Name", "Role", "Its tokens carry", "Status", ""]}
        rows={accounts.map((a) => [
          a.name,
          ROLE_NAMES[a.role],
          <span className="app-pre">
            iss {a.issuer}
            <br />
            sub {a.subject}
            <br />
            aud {a.audience}
          </span>,
          a.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Off</Tag>,
          a.active || hubAdmin ? (
            <Button variant={a.active ? "warning" : "secondary"} onClick={() => void setActive.run({ id: a.id, active: !a.active })}>
              {a.active ? "Switch off" : "Switch on"}
              <span className="govuk-visually-hidden"> {a.name}</span>
            </Button>
          ) : (
            "Waiting for a hub administrator"
          ),
        ])}
      />
      <Details summary="Register a service account">
        <form
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            const bad = check([
              [name.trim().length >= 3, "account-name", "Enter a name of at least 3 characters"],
              [!!role, "account-role", "Choose the account's role"],
              [key.includes("BEGIN PUBLIC KEY") || key.trim().startsWith("{"), "account-key", "Paste the public key (PEM or JWK)"],
            ]);
            if (bad.length) return register.setErrors(bad);
            void register.run({ input: { organisationId, name: name.trim(), role: role as Role, publicKeys: [key.trim()] } }).then((r) => {
              if (r) {
                setName("");
                setKey("");
              }
            });
          }}
        >
          <TextInput id="account-name" label="Name" hint="What the audit trail calls it" value={name} onChange={setName} errors={register.errors} />
          <Select
            id="account-role"
            label="Role"
            value={role}
            onChange={setRole}
            placeholder="Choose a role"
            options={roles.map((r) => ({ value: r, text: ROLE_NAMES[r] }))}
            errors={register.errors}
          />
          <Textarea
            id="account-key"
            label="Public key"
            hint="PEM (-----BEGIN PUBLIC KEY-----) or JWK"
            value={key}
            onChange={setKey}
            rows={6}
            errors={register.errors}
          />
          <Button type="submit" disabled={register.pending}>
            Register service account
          </Button>
        </form>
      </Details>
    </>
  );
}

function useIntegrations(organisationId: string | null) {
  return useQuery(INTEGRATIONS, { variables: { organisationId } });
}

export default function Integrations() {
  usePageTitle("Integrations");
  const { me, has } = useMe();
  const hubAdmin = has("HUB_ADMIN");
  const orgs = useQuery(ORGANISATIONS, { skip: !hubAdmin });
  const choices = (orgs.data?.organisations ?? []).filter((o) => o.kind !== "HUB");
  const [chosen, setChosen] = useState<string>("");
  const organisationId = hubAdmin ? chosen || null : null;
  const { data, loading, error, refetch } = useIntegrations(organisationId);
  const kind = hubAdmin ? (choices.find((o) => o.id === chosen)?.kind ?? "") : (me?.organisation.kind ?? "");
  return (
    <>
      <h1 className="govuk-heading-xl">Integrations</h1>
      {hubAdmin && (
        <Select
          id="organisation"
          label="Organisation"
          value={chosen}
          onChange={setChosen}
          placeholder="Choose an organisation"
          options={choices.map((o) => ({ value: o.id, text: o.name }))}
        />
      )}
      {error && <ErrorSummary errors={[{ id: null, message: error.message }]} />}
      {loading && !data && <Loading />}
      {data && (!hubAdmin || chosen) && (
        <>
          <Button variant="secondary" onClick={() => void refetch()}>
            Refresh
          </Button>
          <Webhooks organisationId={organisationId} endpoints={data.webhookEndpoints} />
          <ServiceAccounts organisationId={organisationId} organisationKind={kind} accounts={data.serviceAccounts} />
        </>
      )}
    </>
  );
}
