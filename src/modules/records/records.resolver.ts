import { Arg, Ctx, Field, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { badInput } from "../../core/errors";
import { pageSize } from "../../core/pagination";
import { LocalDateScalar } from "../../core/scalars";
import { RetentionClass } from "./retention";
import * as service from "./records.service";
import { DisposalCertificate, SubjectKind } from "./records.entity";

@ObjectType("LegalHold", { description: "A hold on a child's records: nothing is disposed of while it stands" })
class LegalHoldType {
  @Field(() => String) reason: string;
  @Field(() => GraphQLISODateTime) placedAt: Date;
}

@ObjectType("ChildRetention", { description: "When a child's records fall due for disposal, and why; never their content" })
class ChildRetentionType {
  @Field(() => ID) childId: string;
  @Field(() => String) courtCaseNumber: string;
  @Field(() => String, { description: "The local authority's own reference for the child" }) laReference: string;
  @Field(() => RetentionClass) retentionClass: RetentionClass;
  @Field(() => LocalDateScalar, { nullable: true, description: "The first day they may be disposed of" }) disposeOn: string | null;
  @Field(() => String, { description: "The rule, and its source" }) rule: string;
  @Field(() => Boolean) due: boolean;
  @Field(() => LegalHoldType, { nullable: true }) hold: LegalHoldType | null;
}

@ObjectType("RecordsRemoved", { description: "How many records of one kind a disposal removed" })
class RecordsRemovedType {
  @Field(() => String, { description: "The kind of record (its table)" }) kind: string;
  @Field(() => Int) count: number;
}

@ObjectType("DisposalCertificate", {
  description: "What remains of a child's records once disposed of: nothing that identifies the child beyond the case number",
})
class DisposalCertificateType {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: "The approval it was part of" }) batchId: string;
  @Field(() => String) courtCaseNumber: string;
  @Field(() => RetentionClass) retentionClass: RetentionClass;
  @Field(() => String) rule: string;
  @Field(() => [RecordsRemovedType], { description: "Records removed, by kind" }) removed: RecordsRemovedType[];
  @Field(() => Int, { description: "Files removed from storage" }) filesRemoved: number;
  @Field(() => ID) approvedById: string;
  @Field(() => GraphQLISODateTime) disposedAt: Date;
}

@ObjectType("AccessReportRow", { description: "One read or change of a child's records, from the audit trail" })
class AccessReportRowType {
  @Field(() => ID, { description: "The audit entry; pass the last as `after` for the next page" }) id: string;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  @Field(() => ID, { nullable: true, description: "Who (null: the hub itself)" }) userId: string | null;
  @Field(() => ID, { nullable: true }) organisationId: string | null;
  @Field(() => String, { description: "Through what: the operation, e.g. Query.carePlanHistory, HTTP.downloadDocument" }) operation: string;
  @Field(() => String, { description: "OK, or the error the caller got" }) outcome: string;
  @Field(() => String, { description: "CHILD: the child's own records; CASE: the case (the child's name and who holds which role)" }) scope: string;
}

@ObjectType("SubjectAccessRequest", { description: "A subject access request and when it must be answered (UK GDPR Art. 12(3))" })
class SubjectAccessRequestType {
  @Field(() => ID) id: string;
  @Field(() => SubjectKind) subjectKind: SubjectKind;
  @Field(() => ID, { nullable: true }) childId: string | null;
  @Field(() => String) description: string;
  @Field(() => LocalDateScalar) receivedOn: string;
  @Field(() => Int, { description: "Months added (0-2)" }) extendedMonths: number;
  @Field(() => String, { nullable: true }) extensionReason: string | null;
  @Field(() => LocalDateScalar, { description: "One calendar month from receipt (plus any extension), on to the next working day" }) dueOn: string;
  @Field(() => Boolean) overdue: boolean;
  @Field(() => LocalDateScalar, { nullable: true }) completedOn: string | null;
}

@InputType("RecordSubjectAccessRequestInput")
class RecordSarInput {
  @Field(() => SubjectKind) subjectKind: SubjectKind;
  @Field(() => ID, { nullable: true }) childId?: string | null;
  @Field(() => String, { description: "Who asked, about whom" }) description: string;
  @Field(() => LocalDateScalar) receivedOn: string;
}

const asCertificate = (c: DisposalCertificate) => ({
  ...c,
  removed: Object.entries(c.recordsRemoved)
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => a.kind.localeCompare(b.kind)),
});

const reasonOf = (reason: string) => {
  if (!reason.trim() || reason.length > 2000) throw badInput("reason", "Give a reason (up to 2000 characters)");
  return reason.trim();
};

@Resolver()
export class RecordsResolver {
  @Query(() => [ChildRetentionType], {
    description: "Records managers: your local authority's children whose records are due for disposal today (held ones marked)",
  })
  @Policy(Capability.MANAGE_RECORDS)
  recordsDueForDisposal(@Ctx() ctx: AuthorisedContext) {
    return service.recordsDue(ctx);
  }

  @Query(() => ChildRetentionType, { description: "Records managers: one child's retention class, date and hold" })
  @Policy(Capability.MANAGE_RECORDS)
  childRetention(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.childRetention(ctx, childId);
  }

  @Query(() => Int, { description: "Records managers: the birthday until which records of children not looked after are kept (default 25)" })
  @Policy(Capability.MANAGE_RECORDS)
  notLookedAfterRetentionAge(@Ctx() ctx: AuthorisedContext) {
    return service.scheduleAge(ctx.em, ctx.principal.organisationId);
  }

  @Mutation(() => Int, { description: "Records managers: your organisation's schedule for children not looked after (a birthday, 18-100)" })
  @Policy(Capability.MANAGE_RECORDS)
  setNotLookedAfterRetentionAge(@Ctx() ctx: AuthorisedContext, @Arg("age", () => Int) age: number) {
    return service.setSchedule(ctx, age);
  }

  @Mutation(() => ChildRetentionType, { description: "Records managers: place a legal hold on a child's records, with the reason" })
  @Policy(Capability.MANAGE_RECORDS)
  placeLegalHold(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string, @Arg("reason", () => String) reason: string) {
    return service.placeHold(ctx, childId, reasonOf(reason));
  }

  @Mutation(() => ChildRetentionType, { description: "Records managers: lift a legal hold, with the reason" })
  @Policy(Capability.MANAGE_RECORDS)
  liftLegalHold(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string, @Arg("reason", () => String) reason: string) {
    return service.liftHold(ctx, childId, reasonOf(reason));
  }

  @Mutation(() => [DisposalCertificateType], {
    description: "Records managers: approve the disposal of these children's records, all or none: each must be due and not on hold. Leaves a certificate each",
  })
  @Policy(Capability.MANAGE_RECORDS)
  async disposeOfRecords(@Ctx() ctx: AuthorisedContext, @Arg("childIds", () => [ID]) childIds: string[]) {
    return (await service.dispose(ctx, childIds)).map(asCertificate);
  }

  @Query(() => [AccessReportRowType], { description: "Records managers: who read or changed a child's records, when and through what, newest first" })
  @Policy(Capability.MANAGE_RECORDS)
  accessReport(
    @Ctx() ctx: AuthorisedContext,
    @Arg("childId", () => ID) childId: string,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
    @Arg("from", () => LocalDateScalar, { nullable: true }) from?: string | null,
    @Arg("to", () => LocalDateScalar, { nullable: true }) to?: string | null,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
    @Arg("after", () => ID, { nullable: true }) after?: string | null,
  ) {
    return service.accessReport(ctx, childId, { userId, from, to }, pageSize(first ?? 50, ctx.runtime.config.maxPageSize), after);
  }

  @Query(() => String, { description: "Records managers: the access report as CSV (up to 10,000 rows), for a complaint's file" })
  @Policy(Capability.MANAGE_RECORDS)
  accessReportCsv(
    @Ctx() ctx: AuthorisedContext,
    @Arg("childId", () => ID) childId: string,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
    @Arg("from", () => LocalDateScalar, { nullable: true }) from?: string | null,
    @Arg("to", () => LocalDateScalar, { nullable: true }) to?: string | null,
  ) {
    return service.accessReportCsv(ctx, childId, { userId, from, to });
  }

  @Query(() => [SubjectAccessRequestType], { description: "Records managers: subject access requests, open ones first by due date" })
  @Policy(Capability.MANAGE_RECORDS)
  subjectAccessRequests(@Ctx() ctx: AuthorisedContext, @Arg("openOnly", () => Boolean, { defaultValue: false }) openOnly: boolean) {
    return service.sars(ctx, openOnly);
  }

  @Mutation(() => SubjectAccessRequestType, { description: "Records managers: record a subject access request as received" })
  @Policy(Capability.MANAGE_RECORDS)
  recordSubjectAccessRequest(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordSarInput) input: RecordSarInput) {
    return service.recordSar(ctx, { ...input, receivedOn: input.receivedOn as never });
  }

  @Mutation(() => SubjectAccessRequestType, { description: "Records managers: extend by one or two months, with the reason (within the first month)" })
  @Policy(Capability.MANAGE_RECORDS)
  extendSubjectAccessRequest(
    @Ctx() ctx: AuthorisedContext,
    @Arg("id", () => ID) id: string,
    @Arg("months", () => Int) months: number,
    @Arg("reason", () => String) reason: string,
  ) {
    return service.extendSar(ctx, id, months, reason);
  }

  @Mutation(() => SubjectAccessRequestType, { description: "Records managers: the day the request was answered" })
  @Policy(Capability.MANAGE_RECORDS)
  completeSubjectAccessRequest(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string, @Arg("completedOn", () => LocalDateScalar) completedOn: string) {
    return service.completeSar(ctx, id, completedOn as never);
  }

  @Query(() => [DisposalCertificateType], { description: "Records managers: your local authority's disposal certificates, newest first" })
  @Policy(Capability.MANAGE_RECORDS)
  async disposalCertificates(@Ctx() ctx: AuthorisedContext, @Arg("first", () => Int, { defaultValue: 50 }) first: number) {
    return (await service.certificates(ctx, pageSize(first, ctx.runtime.config.maxPageSize))).map(asCertificate);
  }
}
