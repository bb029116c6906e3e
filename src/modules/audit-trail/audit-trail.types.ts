import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Connection } from "../../core/pagination";

@ObjectType("AuditEntry", { description: "One access to case data: who, what, when, and the outcome" })
export class AuditEntryType {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field(() => String, { description: "The GraphQL operation, e.g. Mutation.appointIro" })
  operation: string;

  @Field(() => String, { description: "OK, or the error code the caller received (e.g. NOT_FOUND)" })
  outcome: string;

  @Field(() => ID, { nullable: true })
  childId: string | null;

  @Field(() => String, { description: "Correlates with the hub's logs" })
  requestId: string;

  userId: string | null;
}

export const AuditEntryConnection = Connection(AuditEntryType, "AuditEntry", "A page of a case's audit trail, newest first");
