import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Connection } from "../../core/pagination";
import { WebhookStatus } from "./webhook.entity";

@ObjectType("WebhookDelivery", { description: "One attempt to deliver one event" })
export class WebhookDeliveryType {
  @Field(() => ID) id: string;
  @Field(() => CaseEventKind) kind: CaseEventKind;
  @Field(() => String, { description: "The webhook-id header: the same for every attempt at one event" }) messageId: string;
  @Field(() => Boolean) succeeded: boolean;
  @Field(() => Int, { nullable: true }) statusCode: number | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Int) durationMs: number;
  @Field(() => GraphQLISODateTime) attemptedAt: Date;
}

export const WebhookDeliveryConnection = Connection(WebhookDeliveryType, "WebhookDelivery", "Delivery attempts, newest first");

@ObjectType("WebhookEndpoint", { description: "Your organisation's system, hearing of case events in order, signed per Standard Webhooks" })
export class WebhookEndpointType {
  @Field(() => ID) id: string;
  @Field(() => ID) organisationId: string;
  @Field(() => String) url: string;
  @Field(() => String) description: string;
  @Field(() => [CaseEventKind], { description: "Empty: every kind" }) kinds: CaseEventKind[];
  @Field(() => WebhookStatus) status: WebhookStatus;
  @Field(() => String, { nullable: true }) pausedReason: string | null;
  @Field(() => Int) consecutiveFailures: number;
  @Field(() => GraphQLISODateTime, { description: "When the next attempt may be made (after a failure, with backoff)" }) nextAttemptAt: Date;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType("RegisteredWebhook")
export class RegisteredWebhookType {
  @Field(() => WebhookEndpointType) endpoint: WebhookEndpointType;
  @Field(() => String, { description: "The signing secret (whsec_...): shown this once; verify each delivery's webhook-signature with it" }) secret: string;
}
