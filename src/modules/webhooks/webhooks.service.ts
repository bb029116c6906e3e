import { randomBytes } from "node:crypto";
import net from "node:net";
import { AuthorisedContext } from "../../core/context";
import { badInput, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { OrganisationKind } from "../../core/access/roles";
import { compareCursors, decodeEventCursor, encodeEventCursor, finalHighWater } from "../../core/events/events";
import { newestFirst, Page } from "../../core/pagination";
import { organisationManagedBy } from "../directory/directory.module";
import { WebhookDelivery, WebhookEndpoint, WebhookStatus } from "./webhook.entity";
import { RegisterWebhookInput } from "./webhooks.inputs";
import { isPrivateAddress } from "./guarded-post";

// Organisations' administrators manage their own endpoints (hub administrators any); someone
// else's endpoint is "not found", like someone else's case.

function checkUrl(ctx: AuthorisedContext, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput("url", "Not a URL");
  }
  // Case events leave the hub here: only over TLS in production.
  const allowed = ctx.runtime.config.mode === "production" ? ["https:"] : ["https:", "http:"];
  if (!allowed.includes(url.protocol)) throw badInput("url", `Use ${allowed.join(" or ")}`);
  if (url.username || url.password) throw badInput("url", "Put no credentials in the URL: the signature proves the hub sent it");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!ctx.runtime.config.webhookAllowPrivateAddresses && (net.isIP(host) ? isPrivateAddress(host) : host === "localhost")) {
    throw badInput("url", "The hub posts only to public addresses");
  }
  return url.toString();
}

export async function registerWebhook(ctx: AuthorisedContext, input: RegisterWebhookInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const org = await organisationManagedBy(ctx, input.organisationId);
  if (org.kind === OrganisationKind.HUB) throw badInput("organisationId", "The hub itself has no cases to hear of");
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  // It hears of what happens from now on (replay reaches back, from a cursor).
  const from = await finalHighWater(ctx.em);
  const endpoint = await ctx.em.save(
    ctx.em.create(WebhookEndpoint, {
      organisationId: org.id,
      url: checkUrl(ctx, input.url),
      description: input.description ?? "",
      kinds: input.kinds ?? [],
      secret,
      status: WebhookStatus.ACTIVE,
      cursorTxId: String(from.txId),
      cursorId: String(from.id),
      createdById: ctx.principal.userId,
    }),
  );
  return { endpoint, secret };
}

export async function listWebhooks(ctx: AuthorisedContext, organisationId: string | null | undefined): Promise<WebhookEndpoint[]> {
  const org = await organisationManagedBy(ctx, organisationId);
  return ctx.em.find(WebhookEndpoint, { where: { organisationId: org.id }, order: { createdAt: "ASC" } });
}

export async function requireWebhook(ctx: AuthorisedContext, id: string): Promise<WebhookEndpoint> {
  const endpoint = isUuid(id) ? await ctx.em.findOneBy(WebhookEndpoint, { id }) : null;
  if (!endpoint) throw notFound("Webhook endpoint");
  await organisationManagedBy(ctx, endpoint.organisationId).catch(() => {
    throw notFound("Webhook endpoint");
  });
  return endpoint;
}

// Only the columns meant are written: a sender may be moving the cursor meanwhile.
export async function pauseWebhook(ctx: AuthorisedContext, id: string, reason: string): Promise<WebhookEndpoint> {
  const endpoint = await requireWebhook(ctx, id);
  await ctx.em.update(
    WebhookEndpoint,
    { id: endpoint.id },
    { status: WebhookStatus.PAUSED, pausedReason: `Paused by ${ctx.principal.displayName}: ${reason}` },
  );
  return ctx.em.findOneByOrFail(WebhookEndpoint, { id: endpoint.id });
}

/** Resumes from where it stopped; with `after`, from that event cursor instead (a replay). */
export async function resumeWebhook(ctx: AuthorisedContext, id: string, after: string | null | undefined): Promise<WebhookEndpoint> {
  const endpoint = await requireWebhook(ctx, id);
  const changes: Partial<WebhookEndpoint> = { status: WebhookStatus.ACTIVE, pausedReason: null, consecutiveFailures: 0, nextAttemptAt: new Date(0) };
  if (after) {
    const cursor = decodeEventCursor(after);
    // A cursor past the newest event would skip what comes next without a word.
    if (compareCursors(cursor, await finalHighWater(ctx.em)) > 0) throw badInput("after", "No event has this cursor yet");
    Object.assign(changes, { cursorTxId: String(cursor.txId), cursorId: String(cursor.id) });
  }
  await ctx.em.update(WebhookEndpoint, { id: endpoint.id }, changes);
  return ctx.em.findOneByOrFail(WebhookEndpoint, { id: endpoint.id });
}

export async function deleteWebhook(ctx: AuthorisedContext, id: string): Promise<boolean> {
  const endpoint = await requireWebhook(ctx, id);
  await ctx.em.delete(WebhookDelivery, { endpointId: endpoint.id });
  await ctx.em.delete(WebhookEndpoint, { id: endpoint.id });
  return true;
}

export function cursorOfEndpoint(e: WebhookEndpoint): string {
  return encodeEventCursor({ txId: BigInt(e.cursorTxId), id: BigInt(e.cursorId) });
}

export async function deliveriesOf(
  ctx: AuthorisedContext,
  endpoint: WebhookEndpoint,
  first: number,
  after: string | null | undefined,
): Promise<Page<WebhookDelivery>> {
  const qb = ctx.em.createQueryBuilder(WebhookDelivery, "d").where("d.endpoint_id = :id", { id: endpoint.id });
  return newestFirst(qb, { column: "attempted_at", of: (d) => d.attemptedAt }, first, after, ctx.runtime.config.maxPageSize);
}
