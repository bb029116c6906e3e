import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { PageArgs } from "../../core/pagination";
import { EmailStatus, Notice, NoticeDelivery, NoticeKind } from "./notice.entity";
import { EmailMessageConnection, NoticeConnection, NoticeType, NotificationPreferenceType } from "./notifications.types";
import { describeNotice } from "./emails";
import * as notices from "./notices.service";
import * as outbox from "./email-outbox-admin";

@Resolver()
export class NotificationsResolver {
  @Query(() => NoticeConnection, { description: "What needed you: papers, changes to acknowledge, overdue steps, dispute stages naming you" })
  @Policy(SIGNED_IN)
  myNotices(
    @Ctx() ctx: AuthorisedContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("unreadOnly", () => Boolean, { defaultValue: false }) unreadOnly: boolean,
  ) {
    return notices.myNotices(ctx, page.first, page.after, unreadOnly);
  }

  @Mutation(() => Int, { description: "Marks your notices read; returns how many changed" })
  @Policy(SIGNED_IN)
  markNoticesRead(@Ctx() ctx: AuthorisedContext, @Arg("ids", () => [ID]) ids: string[]) {
    return notices.markNoticesRead(ctx, ids);
  }

  @Query(() => [NotificationPreferenceType], { description: "How you hear of each kind of notice by email" })
  @Policy(SIGNED_IN)
  async myNotificationPreferences(@Ctx() ctx: AuthorisedContext) {
    return (await notices.myPreferences(ctx)).map((p) => ({ ...p, description: describeNotice(p.kind) }));
  }

  @Mutation(() => [NotificationPreferenceType], { description: "At once, in a daily digest, or not by email" })
  @Policy(SIGNED_IN)
  async setNotificationPreference(
    @Ctx() ctx: AuthorisedContext,
    @Arg("kind", () => NoticeKind) kind: NoticeKind,
    @Arg("delivery", () => NoticeDelivery) delivery: NoticeDelivery,
  ) {
    return (await notices.setPreference(ctx, kind, delivery)).map((p) => ({ ...p, description: describeNotice(p.kind) }));
  }

  @Query(() => EmailMessageConnection, { description: "The email outbox, by status (hub administrators): what failed, and why" })
  @Policy(Capability.READ_EMAIL_OUTBOX)
  emailOutbox(@Ctx() ctx: AuthorisedContext, @Args(() => PageArgs) page: PageArgs, @Arg("status", () => EmailStatus, { nullable: true }) status?: EmailStatus) {
    return outbox.listOutbox(ctx, page.first, page.after, status ?? null);
  }

  @Mutation(() => Boolean, { description: "Send a failed email again, from the first attempt" })
  @Policy(Capability.READ_EMAIL_OUTBOX)
  retryEmail(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return outbox.retryEmail(ctx, id);
  }
}

@Resolver(() => NoticeType)
export class NoticeFieldsResolver {
  @FieldResolver(() => String)
  description(@Root() n: Notice) {
    return describeNotice(n.kind);
  }

  @FieldResolver(() => EmailStatus, { nullable: true })
  async emailStatus(@Root() n: Notice, @Ctx() ctx: AuthorisedContext) {
    return n.emailId ? ((await ctx.loaders.emailById.load(n.emailId))?.status ?? null) : null;
  }
}
