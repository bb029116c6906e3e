import { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { operationMiddleware } from "./core/operation";
import { DirectoryResolver, UserFieldsResolver } from "./modules/directory/directory.resolver";
import { ChildResolver, ProceedingsResolver } from "./modules/proceedings/proceedings.resolver";
import {
  AppointmentsResolver,
  ChildPartiesResolver,
  ProceedingsPartiesResolver,
} from "./modules/appointments/appointments.resolver";
import { ChildNoticesResolver, ProceedingsNoticesResolver, ProtocolNoticeResolver } from "./modules/protocol/protocol.resolver";
import { AuditTrailResolver } from "./modules/audit-trail/audit-trail.resolver";

export const RESOLVERS = [
  DirectoryResolver,
  UserFieldsResolver,
  ProceedingsResolver,
  ChildResolver,
  AppointmentsResolver,
  ProceedingsPartiesResolver,
  ChildPartiesResolver,
  ProtocolNoticeResolver,
  ProceedingsNoticesResolver,
  ChildNoticesResolver,
  AuditTrailResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The hub's schema, built once per process from the type-graphql resolvers. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    globalMiddlewares: [operationMiddleware],
  });
  return built;
}
