import { AuthorisedContext } from "../../core/context";
import { notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { caseAccess } from "../../core/context";
import { Proceedings } from "./proceedings.entity";
import { Child } from "./child.entity";

// Record-level checks every module uses when an operation names a case or a child. A case the
// caller may not see and a case that does not exist give the same NOT_FOUND; both attempts are
// audited against the id asked for.

/**
 * `what` names the record the caller asked for, when it was reached through its case: a
 * document on a case you may not see is "Document not found", not "Proceedings not found".
 */
export async function requireProceedings(ctx: AuthorisedContext, id: string, what = "Proceedings"): Promise<Proceedings> {
  if (!isUuid(id)) throw notFound(what);
  ctx.audit.touch(id);
  const access = caseAccess(ctx.runtime).cases(ctx.principal, ctx.today(), "p");
  const found = await ctx.em.createQueryBuilder(Proceedings, "p").where("p.id = :id", { id }).andWhere(access.sql, access.params).getOne();
  if (!found) throw notFound(what);
  return found;
}

export async function requireChild(ctx: AuthorisedContext, id: string, what = "Child"): Promise<{ child: Child; proceedings: Proceedings }> {
  if (!isUuid(id)) throw notFound(what);
  const child = await ctx.em.findOneBy(Child, { id });
  if (!child) {
    ctx.audit.touch(null, id);
    throw notFound(what);
  }
  ctx.audit.touch(child.proceedingsId, child.id);
  const access = caseAccess(ctx.runtime).cases(ctx.principal, ctx.today(), "p");
  const proceedings = await ctx.em
    .createQueryBuilder(Proceedings, "p")
    .where("p.id = :id", { id: child.proceedingsId })
    .andWhere(access.sql, access.params)
    .getOne();
  if (!proceedings) throw notFound(what);
  return { child, proceedings };
}

/**
 * A child whose own records the caller may see: appointed to this child (not only to a
 * sibling), on the case as an organisation, or a manager in scope. Anyone else gets the same
 * NOT_FOUND as for a child that does not exist.
 */
export async function requireChildRecords(ctx: AuthorisedContext, id: string, what = "Child"): Promise<{ child: Child; proceedings: Proceedings }> {
  if (!isUuid(id)) throw notFound(what);
  const child = await ctx.em.findOneBy(Child, { id });
  if (!child) {
    ctx.audit.touch(null, id);
    throw notFound(what);
  }
  ctx.audit.touch(child.proceedingsId, child.id);
  const access = caseAccess(ctx.runtime).childRecords(ctx.principal, ctx.today(), "c", "p");
  const proceedings = await ctx.em
    .createQueryBuilder(Proceedings, "p")
    .innerJoin(Child, "c", "c.proceedings_id = p.id AND c.id = :child", { child: child.id })
    .where(access.sql, access.params)
    .getOne();
  if (!proceedings) throw notFound(what);
  return { child, proceedings };
}
