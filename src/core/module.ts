import type { Router } from "express";
import type { EntityManager } from "typeorm";
import type { HubConfig } from "./config";
import type { AuthorisedContext, HubContext, HubRuntime } from "./context";
import type { AttentionItem } from "./attention";
import type { CaseEventKind } from "./events/case-event-kind";
import type { RecordedCaseEvent } from "./events/events";
import type { Principal } from "./auth/principal";
import type { Authenticator } from "./auth/authenticator";
import type { SqlPredicate } from "./access/sql-predicate";

// What a module declares about itself, in its `<name>.module.ts`: the application file
// (src/app.ts) composes the list, and core reads the list instead of importing modules.

/** A reaction to a case event, run inside the transaction that recorded it. */
export interface CaseEventHandler {
  /** For the log and for ordering questions: "<module>: what it does". */
  name: string;
  kinds: readonly CaseEventKind[];
  handle(ctx: HubContext, event: RecordedCaseEvent): Promise<void>;
}

/**
 * Work that runs on its own: at once when a process starts running the jobs, then every so often,
 * in one hub process of the cluster (jobs.ts). It must be safe to repeat (a handover may).
 */
export interface BackgroundJob {
  name: string;
  everyMs(config: HubConfig): number;
  run(ctx: HubContext): Promise<number | void>;
}

export interface LoaderCaller {
  principal: Principal | null;
  today: string;
}

/** Per-request DataLoaders a module offers (merged into the context's `loaders`). */
export type LoaderFactory = (em: () => EntityManager, caller: () => LoaderCaller) => object;

/**
 * Which cases, and which children's own records, a signed-in person may see, as SQL predicates
 * over a case alias (and a child alias). Provided by the module that owns appointments; the
 * rest of the hub asks through this interface, so case access has one definition.
 */
export interface CaseAccess {
  cases(principal: Principal, today: string, caseAlias: string): SqlPredicate;
  childRecords(principal: Principal, today: string, childAlias: string, caseAlias: string): SqlPredicate;
  /**
   * The same rules asked from the records' side: every active user who may see these cases
   * today, and which of their children's records (one query for a batch of events, however
   * many people are listening).
   */
  audience(em: EntityManager, today: string, caseIds: readonly string[]): Promise<CaseAudience>;
  /** Cases on which this person holds a running appointment in this role today (a list's "by IRO" filter). */
  appointed(userId: string, role: string, today: string, caseAlias: string): SqlPredicate;
}

export interface CaseAudience {
  /** The users who may see at least one of the cases. */
  readonly users: ReadonlySet<string>;
  /** Whether the user may see the case and, when `childId` is given, that child's own records. */
  allows(userId: string, caseId: string, childId: string | null): boolean;
}

export interface HubModule {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: readonly Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers?: readonly Function[];
  loaders?: LoaderFactory;
  handlers?: readonly CaseEventHandler[];
  jobs?: readonly BackgroundJob[];
  /** Plain HTTP routes beside /graphql (uploads and downloads, console sign-in). */
  routes?: (runtime: HubRuntime, auth: Authenticator) => Router;
  /** The one implementation of case access, from the module that owns appointments. */
  caseAccess?: CaseAccess;
  /**
   * What waits for this person on a case, as SQL over the case alias (papers to acknowledge, a
   * post-order change to answer...): the case lists' "needs my attention" filter ORs the
   * modules' answers.
   */
  attention?: (principal: Principal, today: string, caseAlias: string) => SqlPredicate;
  /** What of this module's waits for the signed-in person (their "Needs your attention" list). */
  attentionItems?: (ctx: AuthorisedContext) => Promise<AttentionItem[]>;
  /**
   * A person's access ended (deactivated), in the transaction that ended it: end for good what
   * they held that outlives a request (calendar links, sessions). Reactivation restores none of it.
   */
  accessEnded?: (ctx: HubContext, userId: string) => Promise<void>;
}
