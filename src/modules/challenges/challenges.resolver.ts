import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { badInput } from "../../core/errors";
import { LocalDateScalar } from "../../core/scalars";
import { PersonType } from "../directory/directory.module";
import { Dispute, DisputeStage, DisputeStatus, ReferralStatus } from "./challenge.entity";
import * as service from "./challenges.service";

@ObjectType("DisputeStage")
export class DisputeStageType {
  @Field(() => ID) id: string;
  @Field(() => String) stage: string;
  @Field(() => LocalDateScalar) startedOn: string;
  @Field(() => LocalDateScalar) respondBy: string;
  @Field(() => String, { nullable: true }) response: string | null;
  @Field(() => Boolean, { nullable: true }) resolved: boolean | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) respondedAt: Date | null;
  responderId: string;
}

@ObjectType("Dispute", { description: "The IRO's challenge: an informal concern, then formal stages" })
export class DisputeType {
  @Field(() => ID) id: string;
  @Field(() => String) concern: string;
  @Field(() => DisputeStatus) status: DisputeStatus;
  @Field(() => LocalDateScalar, { nullable: true }) formalFrom: string | null;
  @Field(() => String, { nullable: true }) resolution: string | null;
  @Field(() => GraphQLISODateTime) raisedAt: Date;
}

@ObjectType("CafcassReferral", { description: "The IRO's referral to Cafcass (s25B(3))" })
export class ReferralType {
  @Field(() => ID) id: string;
  @Field(() => String) reason: string;
  @Field(() => ReferralStatus) status: ReferralStatus;
  @Field(() => String, { nullable: true }) declineReason: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) acceptedOn: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: "2 weeks after acceptance" }) decisionDueOn: string | null;
  @Field(() => String, { nullable: true }) decision: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) decidedOn: string | null;
  @Field(() => String, { nullable: true }) outcome: string | null;
  @Field(() => GraphQLISODateTime) raisedAt: Date;
}

@ObjectType("DisputeStageSetting", { description: "A formal dispute stage as this hub configures it (DISPUTE_STAGES)" })
export class DisputeStageSettingType {
  @Field(() => String) stage: string;
  @Field(() => Int) workingDays: number;
}

@ObjectType("DisputeEscalationOptions", { description: "What the IRO can choose when escalating a dispute about a child" })
export class DisputeEscalationOptionsType {
  @Field(() => [DisputeStageSettingType]) stages: DisputeStageSettingType[];
  @Field(() => [PersonType], { description: "People of the child's local authority who can see the case to answer" }) responders: PersonType[];
}

const text = (field: string, v: string) => {
  if (!v.trim() || v.length > 20_000) throw badInput(field, "Required, up to 20,000 characters");
  return v.trim();
};

@Resolver(() => DisputeType)
export class ChallengesResolver {
  @Mutation(() => DisputeType, { description: "Record an informal concern on the child's file" })
  @Policy(Capability.RAISE_CHALLENGE)
  raiseConcern(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string, @Arg("concern", () => String) concern: string) {
    return service.raiseConcern(ctx, childId, text("concern", concern));
  }

  @Mutation(() => DisputeStageType, { description: "Escalate to a formal stage (stages may be skipped, not revisited); names who must answer" })
  @Policy(Capability.RAISE_CHALLENGE)
  escalateDispute(
    @Ctx() ctx: AuthorisedContext,
    @Arg("disputeId", () => ID) disputeId: string,
    @Arg("stage", () => String) stage: string,
    @Arg("responderId", () => ID) responderId: string,
  ) {
    return service.escalateDispute(ctx, disputeId, stage, responderId);
  }

  @Mutation(() => DisputeStageType, { description: "Answer a dispute stage you were named at" })
  @Policy(Capability.RESPOND_DISPUTE)
  respondToDispute(
    @Ctx() ctx: AuthorisedContext,
    @Arg("stageId", () => ID) stageId: string,
    @Arg("response", () => String) response: string,
    @Arg("resolved", () => Boolean) resolved: boolean,
  ) {
    return service.respondToDispute(ctx, stageId, text("response", response), resolved);
  }

  @Mutation(() => DisputeType)
  @Policy(Capability.RAISE_CHALLENGE)
  resolveDispute(@Ctx() ctx: AuthorisedContext, @Arg("disputeId", () => ID) disputeId: string, @Arg("resolution", () => String) resolution: string) {
    return service.resolveDispute(ctx, disputeId, text("resolution", resolution));
  }

  @Query(() => DisputeEscalationOptionsType, { description: "The stages and the people the child's IRO may name when escalating" })
  @Policy(Capability.RAISE_CHALLENGE)
  disputeEscalationOptions(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.escalationOptions(ctx, childId);
  }

  @Query(() => [DisputeType])
  @Policy(Capability.READ_DISPUTES)
  disputes(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.disputesOf(ctx, childId);
  }

  @Mutation(() => ReferralType, { description: "Refer the case to Cafcass (possible alongside a dispute)" })
  @Policy(Capability.RAISE_CHALLENGE)
  referToCafcass(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string, @Arg("reason", () => String) reason: string) {
    return service.referToCafcass(ctx, childId, text("reason", reason));
  }

  @Mutation(() => ReferralType, { description: "Accept (appointing a guardian) or decline a referral" })
  @Policy(Capability.HANDLE_REFERRAL)
  handleReferral(
    @Ctx() ctx: AuthorisedContext,
    @Arg("referralId", () => ID) referralId: string,
    @Arg("accept", () => Boolean) accept: boolean,
    @Arg("guardianId", () => ID, { nullable: true }) guardianId?: string,
    @Arg("declineReason", () => String, { nullable: true }) declineReason?: string,
  ) {
    return service.handleReferral(ctx, referralId, accept, guardianId, declineReason);
  }

  @Mutation(() => ReferralType, { description: "The appointed guardian's decision on the course of action (due within 2 weeks)" })
  @Policy(Capability.RECORD_REFERRAL_DECISION)
  recordReferralDecision(@Ctx() ctx: AuthorisedContext, @Arg("referralId", () => ID) referralId: string, @Arg("decision", () => String) decision: string) {
    return service.recordReferralDecision(ctx, referralId, text("decision", decision));
  }

  @Mutation(() => ReferralType)
  @Policy(Capability.RECORD_REFERRAL_DECISION)
  recordReferralOutcome(@Ctx() ctx: AuthorisedContext, @Arg("referralId", () => ID) referralId: string, @Arg("outcome", () => String) outcome: string) {
    return service.recordReferralOutcome(ctx, referralId, text("outcome", outcome));
  }

  @Query(() => [ReferralType])
  @Policy(Capability.READ_REFERRALS)
  cafcassReferrals(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.referralsOf(ctx, childId);
  }

  @FieldResolver(() => [DisputeStageType])
  stages(@Root() d: Dispute, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.stagesByDispute.load(d.id);
  }
}

@Resolver(() => DisputeStageType)
export class DisputeStageResolver {
  @FieldResolver(() => PersonType)
  responder(@Root() s: DisputeStage, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.userById.load(s.responderId);
  }
}
