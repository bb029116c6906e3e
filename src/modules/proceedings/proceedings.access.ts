import { HubContext } from "../../core/context";
import { notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { whereCaseAccessible } from "../../core/access/case-access";
import { Proceedings } from "./proceedings.entity";
import { Child } from "./child.entity";

// Record-level checks every module uses when an operation names a case or a child. A case the
// caller may not see and a case that does not exist give the same NOT_FOUND; both attempts are
// audited against the id asked for.

export async function requireProceedings(ctx: HubContext, id: string): Promise<Proceedings> {
  if (!isUuid(id)) throw notFound("Proceedings");
  ctx.audit.touch(id);
  const qb = ctx.em.createQueryBuilder(Proceedings, "p").where("p.id = :id", { id });
  const found = await whereCaseAccessible(qb, ctx.principal!, ctx.today()).getOne();
  if (!found) throw notFound("Proceedings");
  return found;
}

export async function requireChild(ctx: HubContext, id: string): Promise<{ child: Child; proceedings: Proceedings }> {
  if (!isUuid(id)) throw notFound("Child");
  const child = await ctx.em.findOneBy(Child, { id });
  if (!child) {
    ctx.audit.touch(null, id);
    throw notFound("Child");
  }
  ctx.audit.touch(child.proceedingsId, child.id);
  const qb = ctx.em.createQueryBuilder(Proceedings, "p").where("p.id = :id", { id: child.proceedingsId });
  const proceedings = await whereCaseAccessible(qb, ctx.principal!, ctx.today()).getOne();
  if (!proceedings) throw notFound("Child");
  return { child, proceedings };
}
