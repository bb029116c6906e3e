import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { PageArgs } from "../../core/pagination";
import { AuditEntry } from "../../core/audit/audit-entry.entity";
import { PersonType } from "../directory/directory.module";
import { AuditEntryConnection, AuditEntryType } from "./audit-trail.types";
import { caseAuditTrail } from "./audit-trail.service";

@Resolver(() => AuditEntryType)
export class AuditTrailResolver {
  @Query(() => AuditEntryConnection, { description: "Who read or changed a case, newest first" })
  @Policy(Capability.READ_AUDIT_TRAIL)
  caseAuditTrail(@Ctx() ctx: AuthorisedContext, @Arg("proceedingsId", () => ID) proceedingsId: string, @Args(() => PageArgs) { first, after }: PageArgs) {
    return caseAuditTrail(ctx, proceedingsId, first, after);
  }

  @FieldResolver(() => PersonType, { nullable: true })
  user(@Root() e: AuditEntry, @Ctx() ctx: AuthorisedContext) {
    return e.userId ? ctx.loaders.userById.load(e.userId) : null;
  }
}
