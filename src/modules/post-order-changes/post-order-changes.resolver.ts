import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability, can } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { pageSize } from "../../core/pagination";
import { AppointmentRole } from "../appointments/appointments.module";
import { OrganisationType, PersonType } from "../directory/directory.module";
import { ChildType } from "../proceedings/proceedings.module";
import { CarePlanVersionType } from "../care-plans/care-plans.module";
import { SignificantEventType, SignificantEvent } from "../significant-events/significant-events.module";
import { PostOrderChange, PostOrderChangeRecipient } from "./post-order-change.entity";
import * as service from "./post-order-changes.service";

registerEnumType(service.ChangeFilter, { name: "PostOrderChangeFilter", description: "Which of your post-order changes to list" });

@ObjectType("PostOrderChangeRecipient", { description: "Someone who must acknowledge a post-order change" })
export class RecipientType {
  @Field(() => AppointmentRole) role: AppointmentRole;
  @Field(() => GraphQLISODateTime, { nullable: true }) acknowledgedAt: Date | null;
  userId: string | null;
  organisationId: string;
  acknowledgedById: string | null;
  changeId: string;
}

@ObjectType("PostOrderChange", { description: "A change to a child's plan after the final order" })
export class PostOrderChangeType {
  @Field(() => ID) id: string;
  @Field(() => LocalDateScalar) raisedOn: string;
  @Field(() => GraphQLISODateTime) raisedAt: Date;
  @Field(() => LocalDateScalar, { description: "Unacknowledged after this date, a recipient's copy is overdue" }) acknowledgeBy: string;
  childId: string;
  carePlanVersionId: string | null;
  significantEventId: string | null;
}

@Resolver(() => PostOrderChangeType)
export class PostOrderChangesResolver {
  @Mutation(() => PostOrderChangeType, { description: "Acknowledge a post-order change (for yourself, or for your court)" })
  @Policy(Capability.ACKNOWLEDGE_POST_ORDER_CHANGE)
  acknowledgePostOrderChange(@Ctx() ctx: AuthorisedContext, @Arg("changeId", () => ID) changeId: string) {
    return service.acknowledgePostOrderChange(ctx, changeId);
  }

  @Query(() => [PostOrderChangeType], { description: "A child's post-order changes, newest first" })
  @Policy(Capability.READ_POST_ORDER_CHANGES)
  postOrderChanges(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.postOrderChangesForChild(ctx, childId);
  }

  @Query(() => [PostOrderChangeType], { description: "Post-order changes you (or your court) must acknowledge" })
  @Policy(Capability.ACKNOWLEDGE_POST_ORDER_CHANGE)
  myPostOrderChanges(
    @Ctx() ctx: AuthorisedContext,
    @Arg("filter", () => service.ChangeFilter, { defaultValue: service.ChangeFilter.UNACKNOWLEDGED }) filter: service.ChangeFilter,
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
  ) {
    return service.myPostOrderChanges(ctx, filter, pageSize(first, ctx.runtime.config.maxPageSize));
  }

  @FieldResolver(() => ChildType)
  child(@Root() c: PostOrderChange, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.childById.load(c.childId);
  }

  @FieldResolver(() => CarePlanVersionType, { nullable: true, description: "The new care plan version, when that raised the change" })
  carePlanVersion(@Root() c: PostOrderChange, @Ctx() ctx: AuthorisedContext) {
    return c.carePlanVersionId ? ctx.loaders.carePlanVersionById.load(c.carePlanVersionId) : null;
  }

  @FieldResolver(() => SignificantEventType, { nullable: true, description: "The significant event, when that raised the change" })
  significantEvent(@Root() c: PostOrderChange, @Ctx() ctx: AuthorisedContext): Promise<SignificantEvent | undefined> | null {
    // The court and the legal department see that a change came from a significant event, not the event.
    if (!c.significantEventId || !can(ctx.principal.roles, Capability.READ_SIGNIFICANT_EVENTS)) return null;
    return ctx.loaders.significantEventById.load(c.significantEventId);
  }

  @FieldResolver(() => [RecipientType])
  recipients(@Root() c: PostOrderChange, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.recipientsByChange.load(c.id).then((rs) => rs.map((r) => Object.assign(r, { change: c })));
  }

  @FieldResolver(() => Boolean, { description: "Some recipient has not acknowledged it in time" })
  async overdue(@Root() c: PostOrderChange, @Ctx() ctx: AuthorisedContext) {
    const rs = await ctx.loaders.recipientsByChange.load(c.id);
    return rs.some((r) => service.isOverdue(ctx, c, r));
  }
}

@Resolver(() => RecipientType)
export class RecipientResolver {
  @FieldResolver(() => PersonType, { nullable: true, description: "The IRO or guardian; null for the court" })
  person(@Root() r: PostOrderChangeRecipient, @Ctx() ctx: AuthorisedContext) {
    return r.userId ? ctx.loaders.userById.load(r.userId) : null;
  }

  @FieldResolver(() => OrganisationType)
  organisation(@Root() r: PostOrderChangeRecipient, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.organisationById.load(r.organisationId);
  }

  @FieldResolver(() => PersonType, { nullable: true })
  acknowledgedBy(@Root() r: PostOrderChangeRecipient, @Ctx() ctx: AuthorisedContext) {
    return r.acknowledgedById ? ctx.loaders.userById.load(r.acknowledgedById) : null;
  }

  @FieldResolver(() => Boolean)
  overdue(@Root() r: PostOrderChangeRecipient & { change: PostOrderChange }, @Ctx() ctx: AuthorisedContext) {
    return service.isOverdue(ctx, r.change, r);
  }
}
