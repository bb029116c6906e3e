import { AuthorisedContext } from "../../core/context";
import { notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { newestFirst, Page } from "../../core/pagination";
import { EmailMessage, EmailStatus } from "./notice.entity";

export async function listOutbox(
  ctx: AuthorisedContext,
  first: number,
  after: string | null | undefined,
  status: EmailStatus | null,
): Promise<Page<EmailMessage>> {
  const qb = ctx.em.createQueryBuilder(EmailMessage, "m");
  if (status) qb.where("m.status = :status", { status });
  return newestFirst(qb, { column: "created_at", of: (m) => m.createdAt }, first, after, ctx.runtime.config.maxPageSize);
}

export async function retryEmail(ctx: AuthorisedContext, id: string): Promise<boolean> {
  if (!isUuid(id)) throw notFound("Email");
  const res = await ctx.em.update(EmailMessage, { id, status: EmailStatus.FAILED }, { status: EmailStatus.PENDING, attempts: 0, nextAttemptAt: () => "now()" });
  if (!res.affected) {
    if (!(await ctx.em.existsBy(EmailMessage, { id }))) throw notFound("Email");
    return false;
  }
  return true;
}
