import { EntityManager } from "typeorm";
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
export const notificationsModule: HubModule = {
  name: "notifications",
  entities: [Notice, NotificationPreference, EmailMessage],
  resolvers: [NotificationsResolver, NoticeFieldsResolver],
  loaders,
  handlers: [{ name: "notifications: a notice for each person the change needs", kinds: NOTIFYING_KINDS, handle: noticesForEvent }],
  jobs: [
    { name: "send due emails", everyMs: (c) => c.emailSendIntervalMs, atStart: true, run: sendDueEmails },
    { name: "daily digests", everyMs: (c) => Math.min(10 * 60_000, c.emailSendIntervalMs * 30), run: makeDailyDigests },
    { name: "deadline reminders", everyMs: (c) => c.deadlineReminderIntervalMs, atStart: true, run: remindOfDeadlines },
  ],
};
