import { GraphQLError, GraphQLResolveInfo, GraphQLSchema } from "graphql";
import { QueryFailedError } from "typeorm";
import { AuthorisedContext, HubContext, inTransaction } from "./context";
import { ErrorCode, HubError, conflict, errorCodeOf, forbidden } from "./errors";
import { checkPolicy, policyFor } from "./access/policy";

// Wraps every root operation (Query and Mutation fields; subscriptions start through
// startSubscription below):
//   - deny by default: a root field without a declared @Policy is refused;
//   - one transaction per mutation, with the operation's audit rows written inside it, so a
//     write and its audit commit together or not at all;
//   - every read is audited after it resolves, and every refusal after the rollback.
// It is applied to the root fields of the built schema (wrapRootOperations), not as a
// type-graphql global middleware, which would also run for every nested field of every result.
export async function runOperation<T>(ctx: HubContext, info: GraphQLResolveInfo, resolve: (ctx: HubContext) => Promise<T> | T): Promise<T> {
  const operation = `${info.parentType.name}.${info.fieldName}`;
  if (!policyFor(info.fieldName)) {
    return runAudited(ctx, operation, "read", () => {
      throw forbidden(`${operation} declares no access policy`);
    });
  }
  return runAudited(ctx, operation, info.operation.operation === "mutation" ? "write" : "read", resolve);
}

/**
 * Runs one audited operation: a write in its own transaction (on a copy of the context whose
 * entity manager is the transaction's), a read as it is. `run` gets the context to use.
 */
export function runAudited<T, C extends HubContext>(ctx: C, operation: string, kind: "read" | "write", run: (ctx: C) => Promise<T> | T): Promise<T> {
  return ctx.audit.run(() => runAuditedOperation(ctx, operation, kind, run));
}

async function runAuditedOperation<T, C extends HubContext>(ctx: C, operation: string, kind: "read" | "write", run: (ctx: C) => Promise<T> | T): Promise<T> {
  const auditEntry = (outcome: string) => ({
    requestId: ctx.requestId,
    userId: ctx.principal?.userId ?? null,
    organisationId: ctx.principal?.organisationId ?? null,
    operation,
    outcome,
  });
  const dataSource = ctx.runtime.dataSource;
  try {
    let result: T;
    if (kind === "write") {
      result = await dataSource.transaction(async (em) => {
        const r = await run(inTransaction(ctx, em));
        await ctx.audit.flush(em, auditEntry("OK"));
        return r;
      });
      const hooks = ctx.afterCommit.splice(0);
      for (const hook of hooks) {
        await hook().catch((err) => ctx.logger.warn("after-commit work failed (the sweep will retry)", { operation, error: String(err) }));
      }
    } else {
      result = await run(ctx);
      await ctx.audit.flush(dataSource.manager, auditEntry("OK"));
    }
    return result;
  } catch (err) {
    ctx.afterCommit.length = 0;
    const mapped = mapDatabaseError(err);
    await ctx.audit
      .flush(dataSource.manager, auditEntry(errorCodeOf(mapped)))
      .catch((auditErr) => ctx.logger.error("could not record a refused operation in the audit trail", { operation, error: String(auditErr) }));
    throw mapped;
  }
}

export function wrapRootOperations(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const resolve = field.resolve!;
      field.resolve = (source, args, ctx: HubContext, info) => runOperation(ctx, info, (opCtx) => resolve(source, args, opCtx, info));
    }
  }
  return schema;
}

// A constraint the services did not pre-check (a race between two writers, say) still gets a
// stable code and no SQL text.
function mapDatabaseError(err: unknown): unknown {
  if (err instanceof HubError || err instanceof GraphQLError) return err;
  if (err instanceof QueryFailedError) {
    const code = (err.driverError as { code?: string } | undefined)?.code;
    if (code === "23505") return conflict("This would duplicate an existing record");
    if (code === "40001" || code === "40P01") return conflict("A concurrent change got there first; try again");
    if (code === "23503") return new HubError(ErrorCode.BAD_USER_INPUT, "A referenced record does not exist");
  }
  return err;
}

/**
 * Starts a subscription: the field's policy and the service's record-level checks run once,
 * now, and the start (or its refusal) is audited. Each event is then re-authorised by the
 * stream itself.
 */
export async function startSubscription<T>(ctx: HubContext, fieldName: string, start: (ctx: AuthorisedContext) => Promise<T>): Promise<T> {
  const operation = `Subscription.${fieldName}`;
  const entry = (outcome: string) => ({
    requestId: ctx.requestId,
    userId: ctx.principal?.userId ?? null,
    organisationId: ctx.principal?.organisationId ?? null,
    operation,
    outcome,
  });
  try {
    const policy = policyFor(fieldName);
    if (!policy) throw forbidden(`${operation} declares no access policy`);
    checkPolicy(ctx, policy);
    // No subscription is public: the policy check has required a signed-in caller.
    const result = await start(ctx as AuthorisedContext);
    await ctx.audit.flush(ctx.runtime.dataSource.manager, entry("OK"));
    return result;
  } catch (err) {
    await ctx.audit.flush(ctx.runtime.dataSource.manager, entry(errorCodeOf(err))).catch(() => undefined);
    throw err;
  }
}
