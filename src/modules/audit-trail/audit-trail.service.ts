import { AuthorisedContext } from "../../core/context";
import { badInput, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { hasRole } from "../../core/auth/principal";
import { Role } from "../../core/access/roles";
import { AuditEntry } from "../../core/audit/audit-entry.entity";
import { decodeCursor, Page, pageSize, toPage } from "../../core/pagination";
import { Proceedings, requireProceedings } from "../proceedings/proceedings.module";

/** A case's audit trail, newest first: IRO managers for their LA's cases, administrators for any. */
export async function caseAuditTrail(ctx: AuthorisedContext, proceedingsId: string, first: number, after?: string | null): Promise<Page<AuditEntry>> {
  const size = pageSize(first, ctx.runtime.config.maxPageSize);
  if (hasRole(ctx.principal, Role.IRO_MANAGER)) {
    await requireProceedings(ctx, proceedingsId);
  } else {
    // Administrators are on no case; they may read any case's trail, and nothing else of it.
    if (!isUuid(proceedingsId)) throw notFound("Proceedings");
    ctx.audit.touch(proceedingsId);
    if (!(await ctx.em.existsBy(Proceedings, { id: proceedingsId }))) throw notFound("Proceedings");
  }
  const qb = ctx.em
    .createQueryBuilder(AuditEntry, "e")
    .where("e.proceedings_id = :proceedingsId", { proceedingsId })
    .orderBy("e.id", "DESC")
    .limit(size + 1);
  if (after) {
    const [id] = decodeCursor(after, 1);
    if (typeof id !== "string" || !/^\d+$/.test(id)) throw badInput("after", "Not a cursor this list gave out");
    qb.andWhere("e.id < :id", { id });
  }
  return toPage(await qb.getMany(), size, (e) => [e.id]);
}
