import type { HubModule } from "../../core/module";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import type { AuthorisedContext } from "../../core/context";
import { Role } from "../../core/access/roles";
import { WebhookDelivery, WebhookEndpoint } from "./webhook.entity";
import { WebhookEndpointFieldsResolver, WebhooksResolver } from "./webhooks.resolver";
import { deliverWebhooks } from "./webhook-sender";

/** Organisations' systems hear of case events by signed HTTP POST, in order, re-authorised per delivery. */
/** Paused webhook endpoints: an organisation's own for its administrator, every one for the hub's. */
async function webhookAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const p = ctx.principal;
  const all = p.roles.includes(Role.HUB_ADMIN);
  if (!all && !p.roles.includes(Role.ORGANISATION_ADMIN)) return [];
  const [row]: { count: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS count FROM webhook_endpoint WHERE status = 'PAUSED' AND ($1 OR organisation_id = $2)`,
    [all, p.organisationId],
  );
  return attentionIf(AttentionKind.PAUSED_WEBHOOKS, row);
}

export const webhooksModule: HubModule = {
  name: "webhooks",
  attentionItems: webhookAttention,
  entities: [WebhookEndpoint, WebhookDelivery],
  resolvers: [WebhooksResolver, WebhookEndpointFieldsResolver],
  jobs: [{ name: "deliver webhooks", everyMs: (c) => c.webhookSendIntervalMs, run: deliverWebhooks }],
};
