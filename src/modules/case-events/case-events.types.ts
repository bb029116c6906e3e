import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Connection } from "../../core/pagination";

@ObjectType("CaseEvent", {
  description: "Something changed on a case. Ids only: fetch the record with a query, where your access is checked again.",
})
export class CaseEventType {
  @Field(() => String, { description: "Pass as `after` to resume from this event" })
  cursor: string;

  @Field(() => CaseEventKind)
  kind: CaseEventKind;

  @Field(() => ID)
  proceedingsId: string;

  @Field(() => ID, { nullable: true })
  childId: string | null;

  @Field(() => ID, { nullable: true, description: "The record the event is about (care plan version, hearing, change...)" })
  subjectId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The person whose action raised it (null when the hub did: a deadline passing). Lets a client leave out a person's own changes.",
  })
  actorId: string | null;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;
}

export const CaseEventConnection = Connection(CaseEventType, "CaseEvent", "A page of case events, oldest first");
