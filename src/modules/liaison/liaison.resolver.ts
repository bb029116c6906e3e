import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { PersonType } from "../directory/directory.module";
import { ChecklistRowType, ComplianceType, LiaisonActionType, LiaisonRecordType } from "./liaison.types";
import { LiaisonDetailsInput, RecordLiaisonInput } from "./liaison.inputs";
import { LiaisonAction, LiaisonRecord } from "./liaison.entity";
import * as service from "./liaison.service";
import { ComplianceScope, protocolCompliance } from "./compliance.service";

const share = (n: number, d: number) => (d ? n / d : null);

@Resolver(() => LiaisonActionType)
export class LiaisonActionResolver {
  @FieldResolver(() => Boolean, { description: "Not completed and past its due date" })
  overdue(@Root() a: LiaisonAction, @Ctx() ctx: AuthorisedContext) {
    return !a.completedAt && a.dueOn < ctx.today();
  }
}

@Resolver(() => LiaisonRecordType)
export class LiaisonResolver {
  @Mutation(() => LiaisonRecordType, { description: "Record a contact with the other party (IRO or guardian), with any agreed actions" })
  @Policy(Capability.WRITE_LIAISON)
  recordLiaison(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordLiaisonInput) input: RecordLiaisonInput) {
    return service.recordLiaison(ctx, input);
  }

  @Mutation(() => LiaisonRecordType, { description: "Edit your own record while the edit window is open (LIAISON_EDIT_WINDOW_MINUTES)" })
  @Policy(Capability.WRITE_LIAISON)
  updateLiaison(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string, @Arg("input", () => LiaisonDetailsInput) input: LiaisonDetailsInput) {
    return service.updateLiaison(ctx, id, input);
  }

  @Mutation(() => LiaisonRecordType, { description: "Confirm the other party's record as a fair account" })
  @Policy(Capability.WRITE_LIAISON)
  confirmLiaison(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return service.confirmLiaison(ctx, id);
  }

  @Mutation(() => LiaisonActionType)
  @Policy(Capability.WRITE_LIAISON)
  completeLiaisonAction(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return service.completeAction(ctx, id);
  }

  @Query(() => [LiaisonRecordType], { description: "A child's IRO-guardian liaison, newest first" })
  @Policy(Capability.READ_LIAISON)
  liaison(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.liaisonFor(ctx, childId);
  }

  @Query(() => [ChecklistRowType], { description: "The protocol checklist for a child: each step done, due, overdue or not applicable" })
  @Policy(Capability.READ_LIAISON)
  protocolChecklist(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.protocolChecklist(ctx, childId);
  }

  @Query(() => ComplianceType, { description: "The balcony view: protocol compliance for your service or area, or nationally" })
  @Policy(Capability.READ_COMPLIANCE)
  async protocolCompliance(
    @Ctx() ctx: AuthorisedContext,
    @Arg("scope", () => ComplianceScope, { defaultValue: ComplianceScope.MY_SERVICE }) scope: ComplianceScope,
    @Arg("from", () => LocalDateScalar) from: string,
    @Arg("to", () => LocalDateScalar) to: string,
  ) {
    const f = await protocolCompliance(ctx, scope, from, to);
    return {
      ...f,
      sharePapersReachedIroInTime: share(f.papersReachedIroInTime, f.children),
      shareContactWithinTenWorkingDays: share(f.contactWithinTenWorkingDays, f.childrenWithIroAndGuardian - f.contactPending),
      shareViewsBeforeFinalHearing: share(f.viewsBeforeFinalHearing, f.childrenWithFinalHearing),
    };
  }

  @FieldResolver(() => PersonType)
  author(@Root() r: LiaisonRecord, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.userById.load(r.authorId);
  }

  @FieldResolver(() => [LiaisonActionType])
  actions(@Root() r: LiaisonRecord, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.actionsByLiaison.load(r.id);
  }
}
