import { LocalDateResolver } from "graphql-scalars";

/** "YYYY-MM-DD": a calendar date, with no time and no zone (hearing dates, dates of birth). */
export const LocalDateScalar = LocalDateResolver;
