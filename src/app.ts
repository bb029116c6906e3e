import type { DataSource, Logger as TypeOrmLogger } from "typeorm";
import type { HubModule } from "./core/module";
import { openDataSource } from "./core/db/data-source";
import { AuditEntry } from "./core/audit/audit-entry.entity";
import { CaseEvent } from "./core/events/case-event.entity";
import { OverdueNotice } from "./core/events/overdue";
import { CalendarDay } from "./core/calendar/calendar-day.entity";
import { ConsoleSession } from "./core/auth/console-session.entity";
import { hubClockModule } from "./modules/hub-clock/hub-clock.module";
import { directoryModule } from "./modules/directory/directory.module";
import { signInModule } from "./modules/sign-in/sign-in.module";
import { proceedingsModule } from "./modules/proceedings/proceedings.module";
import { auditTrailModule } from "./modules/audit-trail/audit-trail.module";
import { caseEventsModule } from "./modules/case-events/case-events.module";
import { carePlansModule } from "./modules/care-plans/care-plans.module";
import { significantEventsModule } from "./modules/significant-events/significant-events.module";
import { finalOutcomesModule } from "./modules/final-outcomes/final-outcomes.module";
import { appointmentsModule } from "./modules/appointments/appointments.module";
import { courtPapersModule } from "./modules/court-papers/court-papers.module";
import { courtBundlesModule } from "./modules/court-bundles/court-bundles.module";
import { protocolModule } from "./modules/protocol/protocol.module";
import { postOrderChangesModule } from "./modules/post-order-changes/post-order-changes.module";
import { liaisonModule } from "./modules/liaison/liaison.module";
import { challengesModule } from "./modules/challenges/challenges.module";
import { reviewsModule } from "./modules/reviews/reviews.module";
import { assuranceModule } from "./modules/assurance/assurance.module";
import { calendarFeedsModule } from "./modules/calendar-feeds/calendar-feeds.module";
import { notificationsModule } from "./modules/notifications/notifications.module";
import { webhooksModule } from "./modules/webhooks/webhooks.module";
import { attentionModule } from "./modules/attention/attention.module";
import { recordsModule } from "./modules/records/records.module";

// The application: its modules, in dependency order (a module may use those before it, never
// those after). Handlers for the same case event run in this order too: a new IRO receives the
// papers on the case before the protocol's notices are recorded.
export const MODULES: readonly HubModule[] = [
  hubClockModule,
  directoryModule,
  signInModule,
  proceedingsModule,
  auditTrailModule,
  caseEventsModule,
  carePlansModule,
  significantEventsModule,
  finalOutcomesModule,
  appointmentsModule,
  courtPapersModule,
  courtBundlesModule,
  protocolModule,
  postOrderChangesModule,
  liaisonModule,
  challengesModule,
  reviewsModule,
  assuranceModule,
  calendarFeedsModule,
  notificationsModule,
  webhooksModule,
  recordsModule,
  attentionModule,
];

/** Core's own tables (audit, events, overdue notices, the calendar, console sessions), then the modules'. */
export const ENTITIES = [AuditEntry, CaseEvent, OverdueNotice, CalendarDay, ConsoleSession, ...MODULES.flatMap((m) => m.entities ?? [])];

export const RESOLVERS = MODULES.flatMap((m) => m.resolvers ?? []);

/** The hub's database connection, with every module's entities. */
export function openHubDataSource(url: string, logger?: TypeOrmLogger): Promise<DataSource> {
  return openDataSource(url, ENTITIES, logger);
}
