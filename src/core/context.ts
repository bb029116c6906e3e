import { randomUUID } from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { Calendar } from "./calendar/calendar";
import { Clock } from "./clock";
import { HubConfig } from "./config";
import { Logger } from "./logger";
import { Principal } from "./auth/principal";
import { OperationAudit } from "./audit/audit-recorder";
import { Loaders, createLoaders } from "../modules/loaders";
import type { EventHub } from "./events/event-hub";
import type { DocumentStorage } from "./storage/storage";

/** What lives for the whole process and every request shares. */
export interface HubRuntime {
  config: HubConfig;
  /** The database the hub runs on (external, or the embedded one). */
  databaseUrl: string;
  dataSource: DataSource;
  logger: Logger;
  calendar: Calendar;
  clock: Clock;
  /** Set by the server: delivers case events to this process's subscribers. */
  eventHub?: EventHub;
  storage: DocumentStorage;
  /** The development issuer's signing key, while the hub trusts it (demo sign-in). */
  devIssuer?: { issuer: string; audience: string; privateKeyPem: string };
}

// One context shape for HTTP requests and WebSocket operations alike. `em` is the entity
// manager of the current transaction while a mutation runs (the operation middleware swaps it
// in), so services and loaders always read what the mutation has written so far.
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
    audit: new OperationAudit(),
    afterCommit: [],
    today: () => runtime.clock.today(),
  };
  ctx.loaders = createLoaders(
    () => ctx.em,
    () => ({ principal: ctx.principal, today: ctx.today() }),
  );
  return ctx;
}

/** For services called outside GraphQL (demo seed, scripts): acts as `principal`. */
export function systemContext(runtime: HubRuntime, principal: Principal | null): HubContext {
  return createContext(runtime, principal, "http", `system-${randomUUID()}`);
}
