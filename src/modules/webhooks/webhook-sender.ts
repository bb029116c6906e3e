import { retryAt } from "../../core/jobs";
import { In } from "typeorm";
import { AuditEntry } from "../../core/audit/audit-entry.entity";
import { seal } from "../../core/audit/audit-key";
import { Webhook } from "standardwebhooks";
import { HubContext } from "../../core/context";
import { CaseEvent } from "../../core/events/case-event.entity";
import { Cursor, cursorOf, finalHighWater, readFinalEvents } from "../../core/events/events";
import { Principal } from "../../core/auth/principal";
import { Role, ROLES_BY_ORGANISATION_KIND } from "../../core/access/roles";
import { Organisation } from "../directory/directory.module";
import { entitledEvents, toEventView } from "../case-events/case-events.module";
import { WebhookDelivery, WebhookEndpoint, WebhookStatus } from "./webhook.entity";
import { guardedPost } from "./guarded-post";
import { Leases } from "../../core/lease";

// Delivers case events to organisations' endpoints, in order per endpoint, at least once. A
// background job leases due endpoints (core/lease.ts: one sender per endpoint at a time), reads the events after each endpoint's cursor that its organisation may receive
// (re-authorised now, like a subscription's), and posts them one by one, moving the cursor only
// on a 2xx. A failure waits with exponential backoff; repeated failure pauses the endpoint.

// Each post may take WEBHOOK_TIMEOUT_MS; the lease is renewed after each.
const leases = new Leases("webhook_endpoint", 120);
const BATCH = 20;

/** Nobody: an organisation's system acts through no person's appointments. */
const NO_PERSON = "00000000-0000-0000-0000-000000000000";

/**
 * What an organisation's system may hear of: what its case roles would see as an organisation
 * (the court's cases, the local authority's, those of the courts a Cafcass area serves, the IRO
 * service's authority's), never a person's own appointments.
 */
export function organisationPrincipal(org: Organisation): Principal {
  return {
    userId: NO_PERSON,
    displayName: org.name,
    organisationId: org.id,
    organisationKind: org.kind,
    organisationLocalAuthorityId: org.localAuthorityId,
    roles: ROLES_BY_ORGANISATION_KIND[org.kind].filter((r) => r !== Role.ORGANISATION_ADMIN && r !== Role.HUB_ADMIN && r !== Role.RECORDS_MANAGER),
    issuer: "",
    subject: "",
  };
}

export function webhookPayload(e: CaseEvent): string {
  // Who acted is the hub's own business (the console uses it to leave out a person's own
  // changes): another organisation's system is not told which of the hub's users did what.
  const { actorId: _actor, ...view } = toEventView(e);
  return JSON.stringify({ type: `case_event.${e.kind}`, timestamp: e.occurredAt.toISOString(), data: { ...view, occurredAt: e.occurredAt.toISOString() } });
}

async function post(
  ctx: HubContext,
  endpoint: WebhookEndpoint,
  e: CaseEvent,
): Promise<{ ok: boolean; statusCode: number | null; error: string | null; ms: number }> {
  const messageId = `evt_${e.id}`;
  const payload = webhookPayload(e);
  const at = new Date();
  const signature = new Webhook(endpoint.secret).sign(messageId, at, payload);
  const started = Date.now();
  const headers = {
    "content-type": "application/json",
    "user-agent": "ProceedingsHub-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
  const { config } = ctx.runtime;
  const r = await guardedPost(endpoint.url, headers, payload, config.webhookTimeoutMs, config.webhookAllowPrivateAddresses);
  // A redirect is an answer, not a delivery: the endpoint's registered URL is the one trusted.
  const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
  return { ok, statusCode: r.statusCode, error: ok ? null : (r.error ?? `HTTP ${r.statusCode}`), ms: Date.now() - started };
}

/**
 * Records the sender's progress only if nobody moved the endpoint meanwhile: an administrator's
 * replay or pause, made while a delivery was on its way, wins over the sender's next step.
 */
async function record(
  ctx: HubContext,
  endpoint: WebhookEndpoint,
  lease: string,
  held: Cursor,
  changes: Partial<Record<keyof WebhookEndpoint, unknown>>,
): Promise<boolean> {
  const res = await ctx.em
    .createQueryBuilder()
    .update(WebhookEndpoint)
    // The lease is renewed with every step, so a long batch never outlives it.
    .set({ leasedUntil: () => leases.until(), ...changes } as never)
    .where("id = :id AND lease_token = :lease AND status = :active AND cursor_tx_id = :tx AND cursor_id = :cid", {
      id: endpoint.id,
      lease,
      active: WebhookStatus.ACTIVE,
      tx: String(held.txId),
      cid: String(held.id),
    })
    .execute();
  return (res.affected ?? 0) > 0;
}

/** The organisation's system was told of the case (or was about to be): the audit trail says so. */
async function audit(ctx: HubContext, endpoint: WebhookEndpoint, e: CaseEvent, ok: boolean): Promise<void> {
  await ctx.em.insert(
    AuditEntry,
    seal(ctx.runtime.auditKey, [
      {
        requestId: `webhook-${endpoint.id}`,
        userId: null,
        organisationId: endpoint.organisationId,
        operation: "WEBHOOK.caseEvent",
        proceedingsId: e.proceedingsId,
        childId: e.childId,
        outcome: ok ? "OK" : "DELIVERY_FAILED",
      },
    ]),
  );
}

async function serve(ctx: HubContext, endpoint: WebhookEndpoint, lease: string): Promise<number> {
  const { config } = ctx.runtime;
  const org = await ctx.em.findOneBy(Organisation, { id: endpoint.organisationId });
  if (!org) return 0;
  const entitled = entitledEvents(ctx.runtime, organisationPrincipal(org), ctx.today());
  let cursor: Cursor = { txId: BigInt(endpoint.cursorTxId), id: BigInt(endpoint.cursorId) };
  const upTo = await finalHighWater(ctx.em);
  const events = await readFinalEvents(ctx.em, cursor, BATCH, { kinds: endpoint.kinds.length ? endpoint.kinds : undefined }, upTo, entitled);
  let delivered = 0;
  for (const e of events) {
    const r = await post(ctx, endpoint, e);
    await ctx.em.insert(WebhookDelivery, {
      endpointId: endpoint.id,
      caseEventId: e.id,
      kind: e.kind,
      messageId: `evt_${e.id}`,
      succeeded: r.ok,
      statusCode: r.statusCode,
      error: r.error,
      durationMs: r.ms,
    });
    await audit(ctx, endpoint, e, r.ok);
    if (!r.ok) {
      const failures = endpoint.consecutiveFailures + 1;
      const pause = failures >= config.webhookMaxFailures;
      const held = await record(ctx, endpoint, lease, cursor, {
        consecutiveFailures: failures,
        status: pause ? WebhookStatus.PAUSED : WebhookStatus.ACTIVE,
        pausedReason: pause ? `Paused after ${failures} failed attempts in a row; the last: ${r.error}` : null,
        nextAttemptAt: retryAt(config.webhookRetryBaseMs, failures),
        leasedUntil: null,
        leaseToken: null,
      });
      ctx.logger.info("webhook delivery failed", { endpointId: endpoint.id, failures, paused: pause, error: r.error });
      if (!held) await release(ctx, endpoint, lease);
      return delivered;
    }
    delivered++;
    const next = cursorOf(e);
    endpoint.consecutiveFailures = 0;
    if (!(await record(ctx, endpoint, lease, cursor, { cursorTxId: String(next.txId), cursorId: String(next.id), consecutiveFailures: 0 }))) {
      await release(ctx, endpoint, lease);
      return delivered;
    }
    cursor = next;
  }
  // Everything up to the high-water mark was delivered or is not the organisation's: move past it.
  const next = events.length < BATCH ? upTo : cursor;
  if (!(await record(ctx, endpoint, lease, cursor, { cursorTxId: String(next.txId), cursorId: String(next.id), leasedUntil: null, leaseToken: null }))) {
    await release(ctx, endpoint, lease);
  }
  return delivered;
}

/** Someone moved the endpoint meanwhile: let the next run start from where they put it. */
async function release(ctx: HubContext, endpoint: WebhookEndpoint, lease: string): Promise<void> {
  await leases.release(ctx.em, endpoint.id, lease);
}

export async function deliverWebhooks(ctx: HubContext): Promise<number> {
  const { token: lease, rows: leased } = await leases.take<{ id: string }>(
    ctx.em,
    "status = 'ACTIVE' AND next_attempt_at <= now()",
    "next_attempt_at",
    20,
    "t.id",
  );
  if (!leased.length) return 0;
  const endpoints = await ctx.em.findBy(WebhookEndpoint, { id: In(leased.map((r) => r.id)) });
  // Endpoints are served side by side, so a slow one does not hold up the others.
  const counts = await Promise.all(
    endpoints.map((ep) =>
      serve(ctx, ep, lease).catch(async (err) => {
        ctx.logger.warn("webhook endpoint not served", { endpointId: ep.id, error: String(err) });
        await release(ctx, ep, lease);
        return 0;
      }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
