import { retryAt } from "../../core/jobs";
import { Leases } from "../../core/lease";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { HubContext, HubRuntime } from "../../core/context";
import { hourInEngland } from "../../core/calendar/calendar";
import { HubUser } from "../directory/directory.module";
import { EmailMessage, EmailStatus, Notice, NoticeDelivery } from "./notice.entity";
import { emailFor } from "./emails";

// The email outbox, sent by a background job (core/jobs.ts). A sender leases a batch
// (core/lease.ts), sends each outside any transaction, then records the outcome. A process
// killed mid-send leaves the lease to expire and the message is sent again, with the same
// Message-ID: at least once, recognisably the same.

const BATCH = 20;

const transports = new WeakMap<HubRuntime, Transporter>();

function transportFor(runtime: HubRuntime): Transporter {
  let t = transports.get(runtime);
  if (!t) {
    // smtp://user:pass@host:port upgrades with STARTTLS when the server offers it, and in
    // production insists on it (nobody on the way may strip it and read the login); smtps:// is
    // TLS from the start.
    t = nodemailer.createTransport({
      url: runtime.config.smtpUrl!,
      requireTLS: runtime.config.mode === "production",
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(runtime, t);
  }
  return t;
}

export function messageIdOf(id: string): string {
  return `<${id}@proceedings-hub>`;
}

export async function sendDueEmails(ctx: HubContext): Promise<number> {
  const { config } = ctx.runtime;
  if (!config.smtpUrl) return 0;
  const leases = new Leases("email_message", config.emailLeaseSeconds);
  const { token, rows: leased } = await leases.take<EmailMessage>(
    ctx.em,
    "status = 'PENDING' AND next_attempt_at <= now()",
    "next_attempt_at, created_at",
    BATCH,
    `t.id, t.user_id AS "userId", t.to_address AS "toAddress", t.subject, t.text, t.attempts`,
  );
  // Only the holder of the lease records an outcome, and only over a message still waiting.
  const settle = (m: EmailMessage, changes: Record<string, unknown>) =>
    ctx.em
      .createQueryBuilder()
      .update(EmailMessage)
      .set({ ...changes, leasedUntil: null, leaseToken: null } as never)
      .where("id = :id AND lease_token = :token AND status = :pending", { id: m.id, token, pending: EmailStatus.PENDING })
      .execute();
  let sent = 0;
  for (const m of leased) {
    // Renewed before each send (a batch may outlast one lease), and only while its person is active.
    if (!(await leases.renew(ctx.em, m.id, token, "status = 'PENDING' AND (SELECT active FROM hub_user WHERE id = user_id)"))) {
      // Its person's access ended since it was written: it is not sent.
      await settle(m, { status: EmailStatus.FAILED, lastError: "Not sent: the person's access has ended" });
      continue;
    }
    try {
      await transportFor(ctx.runtime).sendMail({
        from: config.mailFrom,
        to: m.toAddress,
        subject: m.subject,
        text: m.text,
        messageId: messageIdOf(m.id),
        headers: { "X-Hub-Idempotency-Key": m.id },
      });
      await settle(m, { status: EmailStatus.SENT, sentAt: () => "now()", attempts: m.attempts + 1, lastError: null });
      sent++;
    } catch (err) {
      const attempts = m.attempts + 1;
      const failed = attempts >= config.emailMaxAttempts;
      const reason = err instanceof Error ? err.message : String(err);
      await settle(m, {
        attempts,
        lastError: reason.slice(0, 500),
        status: failed ? EmailStatus.FAILED : EmailStatus.PENDING,
        nextAttemptAt: retryAt(config.emailRetryBaseMs, attempts),
      });
      ctx.logger[failed ? "warn" : "info"]("email not sent", { emailId: m.id, attempts, failed, error: reason });
    }
  }
  return sent;
}

/**
 * Once a day, from DIGEST_HOUR (England's clock): one email per person with every digest notice
 * not yet sent. A digest is unique per person and day, so several processes make it once.
 */
export async function makeDailyDigests(ctx: HubContext): Promise<number> {
  const { config, clock } = ctx.runtime;
  if (!config.smtpUrl || hourInEngland(clock.now()) < config.digestHour) return 0;
  const today = ctx.today();
  const waiting: { user_id: string }[] = await ctx.em.query(
    `SELECT DISTINCT n.user_id FROM notice n
      WHERE n.delivery = 'DAILY_DIGEST' AND n.email_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM email_message m WHERE m.user_id = n.user_id AND m.digest_on = $1)`,
    [today],
  );
  let made = 0;
  for (const { user_id: userId } of waiting) {
    const done = await ctx.runtime.dataSource.transaction(async (em) => {
      const notices = await em
        .createQueryBuilder(Notice, "n")
        .setLock("pessimistic_write")
        .setOnLocked("skip_locked")
        .where("n.user_id = :userId AND n.delivery = :d AND n.email_id IS NULL", { userId, d: NoticeDelivery.DAILY_DIGEST })
        .orderBy("n.created_at", "ASC")
        .getMany();
      const person = await em.findOneBy(HubUser, { id: userId, active: true });
      if (!notices.length || !person?.email) return false;
      const email = emailFor(config.publicUrl, notices, today);
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(EmailMessage)
        .values({ userId, toAddress: person.email, subject: email.subject, text: email.text, digestOn: today })
        .orIgnore()
        .returning(["id"])
        .execute();
      const id = inserted.raw[0]?.id as string | undefined;
      if (!id) return false;
      await em.update(
        Notice,
        notices.map((n) => n.id),
        { emailId: id },
      );
      return true;
    });
    if (done) made++;
  }
  return made;
}

export async function closeTransports(runtime: HubRuntime): Promise<void> {
  transports.get(runtime)?.close();
  transports.delete(runtime);
}
