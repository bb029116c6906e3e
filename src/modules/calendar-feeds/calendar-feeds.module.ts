import type { HubModule } from "../../core/module";
import { CalendarFeed } from "./calendar-feed.entity";
import { CalendarFeedsResolver } from "./calendar-feeds.resolver";
import { calendarFeedRouter } from "./calendar-feeds.routes";
import { endFeedsOf } from "./calendar-feeds.service";

// What this module offers the others: a person's deadlines (the notifications module reminds of them).
export { dueItems } from "./calendar-feeds.service";
export type { Due, DueTopic } from "./calendar-feeds.service";

/** Each person's deadlines as a private iCalendar feed for the calendar they already use. */
export const calendarFeedsModule: HubModule = {
  name: "calendar-feeds",
  entities: [CalendarFeed],
  resolvers: [CalendarFeedsResolver],
  routes: (runtime) => calendarFeedRouter(runtime),
  accessEnded: endFeedsOf,
};
