import { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { wrapRootOperations } from "./core/operation";
import { RESOLVERS } from "./app";

let built: Promise<GraphQLSchema> | undefined;

/** The hub's schema, built once per process from the type-graphql resolvers. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS as [Function, ...Function[]], // eslint-disable-line @typescript-eslint/no-unsafe-function-type
    validate: { forbidUnknownValues: false },
    // type-graphql insists on a PubSub once any subscription exists. Ours all bring their own
    // `subscribe` (the case-event outbox via the EventHub), so a topic-based one is a bug.
    pubSub: {
      publish() {
        throw new Error("Publish case events with recordCaseEvent, in the writing transaction");
      },
      subscribe() {
        throw new Error("Subscriptions must declare `subscribe`");
      },
    },
  }).then(wrapRootOperations);
  return built;
}
