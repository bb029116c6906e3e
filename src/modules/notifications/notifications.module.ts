import { EntityManager } from "typeorm";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import type { AuthorisedContext } from "../../core/context";
import { Role } from "../../core/access/roles";
import type { HubModule } from "../../core/module";
import { loaderById } from "../../core/loader-factories";
import { EmailMessage, Notice, NotificationPreference } from "./notice.entity";
import { NoticeFieldsResolver, NotificationsResolver } from "./notifications.resolver";
import { NOTIFYING_KINDS, noticesForEvent, remindOfDeadlines } from "./notices.service";
import { makeDailyDigests, sendDueEmails } from "./email-outbox";

// What this module offers the others.
export { NoticeKind } from "./notice.entity";

const loaders = (em: () => EntityManager) => ({
  emailById: loaderById(em, EmailMessage),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

/** Telling people outside the console: a notice per person who is needed, emailed at once or in a daily digest. */
/** Failed notice emails, for the hub's administrators (the outbox sends them again on request). */
async function emailAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  if (!ctx.principal.roles.includes(Role.HUB_ADMIN)) return [];
  const [row]: { count: number }[] = await ctx.em.query(`SELECT count(*)::int AS count FROM email_message WHERE status = 'FAILED'`);
  return attentionIf(AttentionKind.FAILED_EMAILS, row);
}

export const notificationsModule: HubModule = {
  name: "notifications",
  attentionItems: emailAttention,
  entities: [Notice, NotificationPreference, EmailMessage],
  resolvers: [NotificationsResolver, NoticeFieldsResolver],
  loaders,
  handlers: [{ name: "notifications: a notice for each person the change needs", kinds: NOTIFYING_KINDS, handle: noticesForEvent }],
  jobs: [
    { name: "send due emails", everyMs: (c) => c.emailSendIntervalMs, run: sendDueEmails },
    { name: "daily digests", everyMs: (c) => Math.min(10 * 60_000, c.emailSendIntervalMs * 30), run: makeDailyDigests },
    { name: "deadline reminders", everyMs: (c) => c.deadlineReminderIntervalMs, run: remindOfDeadlines },
  ],
};
