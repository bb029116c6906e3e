import type { HubModule } from "../../core/module";
import { WebhookDelivery, WebhookEndpoint } from "./webhook.entity";
import { WebhookEndpointFieldsResolver, WebhooksResolver } from "./webhooks.resolver";
import { deliverWebhooks } from "./webhook-sender";

/** Organisations' systems hear of case events by signed HTTP POST, in order, re-authorised per delivery. */
export const webhooksModule: HubModule = {
  name: "webhooks",
  entities: [WebhookEndpoint, WebhookDelivery],
  resolvers: [WebhooksResolver, WebhookEndpointFieldsResolver],
  jobs: [{ name: "deliver webhooks", everyMs: (c) => c.webhookSendIntervalMs, atStart: true, run: deliverWebhooks }],
};
