import { AuthorisedContext, HubContext } from "../../core/context";
import { signCheckpoint } from "../../core/audit/audit-checkpoints";
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

/**
 * Signs the audit chain's head into a checkpoint kept outside the database (the background job;
 * `npm run audit:checkpoint` on demand). Read in one snapshot, so the head and the entries agree
 * while other requests go on writing. A chain that does not hold is not signed: an alert instead.
 */
export async function signAuditCheckpoint(ctx: HubContext): Promise<number> {
  const { dataSource, auditKey, config, storage, logger } = ctx.runtime;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction("REPEATABLE READ");
    const client = { query: async (text: string, params?: unknown[]) => ({ rows: await runner.query(text, params) }) };
    const result = await signCheckpoint(client as never, auditKey, config.auditCheckpointDir, config.storage.kind === "s3" ? storage : undefined);
    await runner.commitTransaction();
    if (result.refused) logger.error("AUDIT CHAIN DOES NOT HOLD: no checkpoint signed; run npm run audit:verify", { reason: result.refused });
    return result.signed ? 1 : 0;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}
