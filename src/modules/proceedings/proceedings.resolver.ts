import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { OrganisationType } from "../directory/directory.module";
import { ChildType, HearingType_, PloTimetableType, ProceedingsConnection, ProceedingsType } from "./proceedings.types";
import { AddChildInput, CaseListArgs, RecordHearingInput, RecordTimetableExtensionInput, RegisterProceedingsInput } from "./proceedings.inputs";
import * as service from "./proceedings.service";
import { requireChild, requireProceedings } from "./proceedings.access";
import { Proceedings } from "./proceedings.entity";
import { Child } from "./child.entity";

@Resolver(() => ProceedingsType)
export class ProceedingsResolver {
  @Query(() => ProceedingsConnection, { description: "The cases you are on (or manage), newest issue first" })
  @Policy(SIGNED_IN)
  myCases(@Ctx() ctx: AuthorisedContext, @Args(() => CaseListArgs) args: CaseListArgs) {
    return service.myCases(ctx, args);
  }

  @Query(() => ProceedingsType, { description: "One case; NOT_FOUND unless you are on it" })
  @Policy(Capability.READ_CASE)
  proceedings(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return requireProceedings(ctx, id);
  }

  @Query(() => ChildType, { description: "One child; NOT_FOUND unless you are on their case" })
  @Policy(Capability.READ_CASE)
  child(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return requireChild(ctx, id).then((r) => r.child);
  }

  @Mutation(() => ProceedingsType, { description: "Register proceedings your local authority has issued, with their children" })
  @Policy(Capability.REGISTER_PROCEEDINGS)
  registerProceedings(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RegisterProceedingsInput) input: RegisterProceedingsInput) {
    return service.registerProceedings(ctx, input);
  }

  @Mutation(() => ChildType, { description: "Add a child to open proceedings" })
  @Policy(Capability.REGISTER_PROCEEDINGS)
  addChild(@Ctx() ctx: AuthorisedContext, @Arg("input", () => AddChildInput) input: AddChildInput) {
    return service.addChild(ctx, input);
  }

  @Mutation(() => HearingType_, { description: "Record a hearing (listed or held)" })
  @Policy(Capability.RECORD_HEARING)
  recordHearing(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordHearingInput) input: RecordHearingInput) {
    return service.recordHearing(ctx, input);
  }

  @Mutation(() => ProceedingsType, { description: "Record an extension of the 26-week timetable granted by the court" })
  @Policy(Capability.RECORD_TIMETABLE_EXTENSION)
  recordTimetableExtension(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordTimetableExtensionInput) input: RecordTimetableExtensionInput) {
    return service.recordTimetableExtension(ctx, input);
  }

  @FieldResolver(() => OrganisationType)
  court(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.organisationById.load(p.courtId);
  }

  @FieldResolver(() => OrganisationType)
  localAuthority(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.organisationById.load(p.localAuthorityId);
  }

  @FieldResolver(() => [ChildType])
  children(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.childrenByProceedings.load(p.id);
  }

  @FieldResolver(() => [HearingType_])
  hearings(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.hearingsByProceedings.load(p.id);
  }

  @FieldResolver(() => PloTimetableType)
  timetable(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return service.timetable(ctx, p);
  }
}

// Someone appointed to a sibling sees that the child is on the case, their name and who holds
// which role; every other field of the child is the child's own record and is empty for them.
const OWN_RECORD = "The child's own record: null unless you may see this child's records (not if you are appointed only to a sibling)";

@Resolver(() => ChildType)
export class ChildResolver {
  @FieldResolver(() => ProceedingsType)
  proceedings(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.proceedingsById.load(c.proceedingsId);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether you may see this child's own records; false when you are appointed only to a sibling and see the name and roles alone",
  })
  recordsVisible(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.childRecordsVisible.load(c.id);
  }

  @FieldResolver(() => LocalDateScalar, { nullable: true, description: OWN_RECORD })
  async dateOfBirth(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return (await ctx.loaders.childRecordsVisible.load(c.id)) ? c.dateOfBirth : null;
  }

  @FieldResolver(() => String, { nullable: true, description: `The local authority's own reference for the child. ${OWN_RECORD}` })
  async laReference(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return (await ctx.loaders.childRecordsVisible.load(c.id)) ? c.laReference : null;
  }
}
