import { randomUUID } from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { Calendar } from "./calendar/calendar";
import { Clock } from "./clock";
import { HubConfig } from "./config";
import { Logger } from "./logger";
import { Principal } from "./auth/principal";
import { OperationAudit } from "./audit/audit-recorder";
import type { Loaders } from "./loaders";
import type { CaseAccess, HubModule } from "./module";
import type { EventHub } from "./events/event-hub";
import type { DocumentStorage } from "./storage/storage";
import type { AuditKey } from "./audit/audit-key";
import type { Authenticator } from "./auth/authenticator";
import type { HubMetrics } from "./metrics";

/** What lives for the whole process and every request shares. */
export interface HubRuntime {
  config: HubConfig;
  /** The database the hub runs on (external, or the embedded one). */
  databaseUrl: string;
  dataSource: DataSource;
  logger: Logger;
  calendar: Calendar;
  clock: Clock;
  /** The application's modules (src/app.ts), in dependency order. */
  modules: readonly HubModule[];
  /** Set by the server: delivers case events to this process's subscribers. */
  eventHub?: EventHub;
  /** Set by the server: its token verifier, told at once when access ends in this process. */
  tokens?: { forgetUser(userId: string): void; forgetAll(): void };
  /** Set by the server: who is asking (bearer tokens, console sessions). */
  auth?: Authenticator;
  /** Set by the server: Prometheus metrics (metrics.ts). */
  metrics?: HubMetrics;
  storage: DocumentStorage;
  /** Set once the jobs are started: run them all now (after the clock is set). */
  jobs?: { runNow(): void; leading(): boolean };
  /** The audit trail's key (entry MACs, signed checkpoints), kept outside the database. */
  auditKey: AuditKey;
  /** The development issuer's signing key, while the hub trusts it (demo sign-in). */
  devIssuer?: { issuer: string; audience: string; privateKeyPem: string };
}

// One context shape for HTTP requests and WebSocket operations alike. A mutation runs on a copy
// whose `em` is its transaction's (inTransaction), so services and loaders read what it has
// written so far; the request's own context is never changed in place.
export interface HubContext {
  requestId: string;
  transport: "http" | "ws";
  runtime: HubRuntime;
  logger: Logger;
  principal: Principal | null;
  em: EntityManager;
  loaders: Loaders;
  audit: OperationAudit;
  /** Work to do once the operation's transaction has committed (e.g. delete withdrawn content). */
  afterCommit: (() => Promise<void>)[];
  today(): string;
}

/** Inside an operation whose policy requires a signed-in caller: the principal is there. */
export type AuthorisedContext = HubContext & { principal: Principal };

function loadersFor(ctx: HubContext): Loaders {
  const caller = () => ({ principal: ctx.principal, today: ctx.today() });
  const em = () => ctx.em;
  return Object.assign({}, ...ctx.runtime.modules.map((m) => m.loaders?.(em, caller) ?? {})) as Loaders;
}

export function createContext(runtime: HubRuntime, principal: Principal, transport: "http" | "ws", requestId?: string): AuthorisedContext;
export function createContext(runtime: HubRuntime, principal: Principal | null, transport: "http" | "ws", requestId?: string): HubContext;
export function createContext(runtime: HubRuntime, principal: Principal | null, transport: "http" | "ws", requestId?: string): HubContext {
  const id = requestId ?? randomUUID();
  const ctx: HubContext = {
    requestId: id,
    transport,
    runtime,
    logger: runtime.logger.child({ requestId: id, userId: principal?.userId }),
    principal,
    em: runtime.dataSource.manager,
    loaders: undefined as unknown as Loaders,
    audit: new OperationAudit(runtime.auditKey),
    afterCommit: [],
    today: () => runtime.clock.today(),
  };
  ctx.loaders = loadersFor(ctx);
  return ctx;
}

/** The same request working inside a transaction: its own entity manager and fresh loaders. */
export function inTransaction<C extends HubContext>(ctx: C, em: EntityManager): C {
  const copy = { ...ctx, em };
  copy.loaders = loadersFor(copy);
  return copy;
}

/** For services called outside GraphQL (demo seed, scripts, jobs): acts as `principal`. */
export function systemContext(runtime: HubRuntime, principal: Principal): AuthorisedContext;
export function systemContext(runtime: HubRuntime, principal: Principal | null): HubContext;
export function systemContext(runtime: HubRuntime, principal: Principal | null): HubContext {
  return createContext(runtime, principal, "http", `system-${randomUUID()}`);
}

/** The case-access rules, from the module that provides them. */
export function caseAccess(runtime: HubRuntime): CaseAccess {
  const provider = runtime.modules.find((m) => m.caseAccess)?.caseAccess;
  if (!provider) throw new Error("No module provides case access");
  return provider;
}
