import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { PageArgs } from "../../core/pagination";
import { WebhookEndpoint } from "./webhook.entity";
import { RegisterWebhookInput } from "./webhooks.inputs";
import { RegisteredWebhookType, WebhookDeliveryConnection, WebhookEndpointType } from "./webhooks.types";
import * as webhooks from "./webhooks.service";

@Resolver()
export class WebhooksResolver {
  @Query(() => [WebhookEndpointType], { description: "Your organisation's webhook endpoints (hub administrators: any organisation's)" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  webhookEndpoints(@Ctx() ctx: AuthorisedContext, @Arg("organisationId", () => ID, { nullable: true }) organisationId?: string) {
    return webhooks.listWebhooks(ctx, organisationId);
  }

  @Mutation(() => RegisteredWebhookType, { description: "It hears of events from now on; the secret is shown once" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  registerWebhookEndpoint(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RegisterWebhookInput) input: RegisterWebhookInput) {
    return webhooks.registerWebhook(ctx, input);
  }

  @Mutation(() => WebhookEndpointType, { description: "Stop deliveries, keeping its place" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  pauseWebhookEndpoint(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string) {
    return webhooks.pauseWebhook(ctx, id, reason.slice(0, 500));
  }

  @Mutation(() => WebhookEndpointType, { description: "Deliver again from where it stopped, or (a replay) from the event after `after`" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  resumeWebhookEndpoint(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string, @Arg("after", () => String, { nullable: true }) after?: string) {
    return webhooks.resumeWebhook(ctx, id, after);
  }

  @Mutation(() => Boolean)
  @Policy(Capability.MANAGE_INTEGRATIONS)
  deleteWebhookEndpoint(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return webhooks.deleteWebhook(ctx, id);
  }
}

@Resolver(() => WebhookEndpointType)
export class WebhookEndpointFieldsResolver {
  @FieldResolver(() => String, { description: "The last event delivered (or passed over): pass an earlier one to resume to replay" })
  cursor(@Root() e: WebhookEndpoint) {
    return webhooks.cursorOfEndpoint(e);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "The delivery log" })
  deliveries(@Root() e: WebhookEndpoint, @Ctx() ctx: AuthorisedContext, @Args(() => PageArgs) page: PageArgs) {
    return webhooks.deliveriesOf(ctx, e, page.first, page.after);
  }
}
