import {
  DocumentNode,
  ExecutionArgs,
  ExecutionResult,
  FieldNode,
  FragmentDefinitionNode,
  Kind,
  OperationDefinitionNode,
  createSourceEventStream,
  execute,
} from "graphql";

// One execution and one serialisation per event and query shape, whoever receives it.
//
// graphql-js's `subscribe` runs `execute` once per event for every subscriber, and graphql-ws
// then serialises and sends each result on its own, a few promise turns apiece. With a
// thousand people on one case, a burst of events costs that a thousand times over. Here:
//   - a subscription's source may yield an `EventBatch` (the events that became visible to that
//     subscriber at one wake-up) rather than one event at a time;
//   - a case event's result depends only on the event and the selection under the
//     subscription's root field (the root resolvers map the event to its view and read nothing
//     of the caller; the field's policy was checked for each subscriber when it subscribed), so
//     subscribers of the same shape share one result object per event, and its JSON;
//   - the transport hands each subscription an outlet that writes a batch's messages straight
//     to the socket, in order, in one write.
// Who receives which event is not decided here: each subscriber's stream re-authorises every
// batch before it reaches this point.
//
// A shape is the document's text, the operation's name and the values of the variables used
// under the root field (an `@include(if: $x)` there changes the result; the root field's own
// arguments, such as the case or the resume cursor, choose the stream, not the result).

/** Several events that became visible to one subscriber together, in delivery order. */
export class EventBatch<T = unknown> {
  constructor(readonly events: readonly T[]) {}
}

/** Where a subscription's results go: the transport writes them, in order, to its socket. */
export interface SubscriptionOutlet {
  /** Sends the results; returns a promise when the socket is backed up and the stream should wait. */
  deliver(results: readonly ExecutionResult[]): void | Promise<void>;
}

interface Sharing {
  shape: string;
  outlet: SubscriptionOutlet;
}

const sharing = new WeakMap<object, Sharing>();
const resultsByEvent = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();
const json = new WeakMap<ExecutionResult, string>();

/** Marks a subscription's execution arguments (as the transport will hand them to `subscribeShared`). */
export function shareSubscription(
  args: object,
  request: { query: string; operation: OperationDefinitionNode; document: DocumentNode; variables: Record<string, unknown> },
  outlet: SubscriptionOutlet,
): void {
  const used = [...variablesUnderRootField(request.operation, request.document)].sort();
  const shape = JSON.stringify([request.query, request.operation.name?.value ?? null, used.map((name) => [name, request.variables[name]])]);
  sharing.set(args, { shape, outlet });
}

/** A result's JSON, made once however many subscribers it goes to. */
export function serialisedOnce(result: ExecutionResult, serialise: (r: ExecutionResult) => string): string {
  let text = json.get(result);
  if (text === undefined) json.set(result, (text = serialise(result)));
  return text;
}

/**
 * graphql-js's `subscribe` for the transport. A shared subscription's results go out through its
 * outlet, and the iterator handed back only says when the stream has ended (it yields nothing):
 * graphql-ws then sends `complete`, or `error` if the stream failed, as for any subscription.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  // The transport marks every subscription it starts (shareSubscription): there is no other way in.
  const shared = sharing.get(args);
  if (!shared) throw new Error("subscription started without an outlet (shareSubscription)");
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]();
  const resultFor = (event: unknown): Promise<ExecutionResult> | ExecutionResult => {
    if (typeof event !== "object" || event === null) return execute({ ...args, rootValue: event });
    let byShape = resultsByEvent.get(event);
    if (!byShape) resultsByEvent.set(event, (byShape = new Map()));
    let result = byShape.get(shared.shape);
    if (!result) {
      const pending = execute({ ...args, rootValue: event });
      byShape.set(shared.shape, pending);
      // Keep the settled value, so later subscribers need not wait a turn for it.
      if (pending instanceof Promise) void pending.then((r) => byShape.set(shared.shape, r)).catch(() => undefined);
      result = pending;
    }
    return result;
  };
  const batchOf = (value: unknown): readonly unknown[] => (value instanceof EventBatch ? value.events : [value]);

  let stopped = false;
  const stop = async () => {
    stopped = true;
    await events.return?.();
    return { done: true as const, value: undefined };
  };
  // A hand-written iterator rather than an async generator: `return()` must reach the source at
  // once (a generator waiting in `next` would queue it behind the next event).
  const iterator: AsyncGenerator<ExecutionResult> = {
    async next() {
      while (!stopped) {
        const step = await events.next();
        if (step.done || stopped) break;
        const results = await Promise.all(batchOf(step.value).map(resultFor));
        if (stopped) break;
        await shared.outlet.deliver(results);
      }
      return { done: true, value: undefined };
    },
    return: stop,
    async throw(err: unknown) {
      await stop();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
  return iterator;
}

/** Variables referred to anywhere under the operation's root fields (fragments followed). */
function variablesUnderRootField(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const used = new Set<string>();
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as { kind?: string; name?: { value: string } };
    if (n.kind === Kind.VARIABLE) used.add(n.name!.value);
    if (n.kind === Kind.FRAGMENT_SPREAD && !seen.has(n.name!.value)) {
      seen.add(n.name!.value);
      walk(fragments.get(n.name!.value));
    }
    for (const [key, value] of Object.entries(node)) if (key !== "loc") walk(value);
  };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      walk((selection as FieldNode).directives);
      walk((selection as FieldNode).selectionSet);
    } else walk(selection);
  }
  return used;
}
