import http from "node:http";
import { Duplex } from "node:stream";
import { ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { WebSocketServer, WebSocket } from "ws";
import { CloseCode, ServerOptions, handleProtocols, makeServer } from "graphql-ws";
import { HubRuntime, createContext } from "./context";
import { formatError } from "./errors";
import { TokenRefused, TokenRefusal, bearerToken } from "./auth/token-verifier";
import type { Authenticator } from "./auth/authenticator";
import type { ActiveSession } from "./auth/sessions";
import { Principal } from "./auth/principal";
import { GuardOptions, hideSchemaDetails, prepareOperation } from "./request-guard";
import { NotificationListener } from "./notify/listener";
import { Channel } from "./notify/channels";
import { serialisedOnce, shareSubscription, subscribeShared } from "./subscription-fan-out";

// GraphQL over WebSocket (graphql-ws) on the same server and path as HTTP. Connections are
// authenticated in connection_init, by a bearer token in its payload or else by the console's
// session cookie on the upgrade request (from the hub's own origin only); every operation
// re-checks it and runs the same limits as HTTP (request-guard); errors are shaped by the same
// formatError.

/** The token is missing, malformed, unverifiable or expired: sign in again and reconnect. */
export const CLOSE_UNAUTHENTICATED = 4401;
/** The user's access has ended (deactivated): reconnecting will not help. */
export const CLOSE_ACCESS_ENDED = 4403;

// A socket with this much unsent (its reader is slow) makes its subscriptions wait for it to
// drain before sending more; below it, a message is handed to the socket and the stream moves
// on without waiting for the write.
const SEND_HIGH_WATER_BYTES = 1 << 20;
const KEEP_ALIVE_MS = 12_000;

// setTimeout keeps its delay in a signed 32-bit integer: anything longer fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

type SocketExtra = {
  socket: WebSocket;
  request: http.IncomingMessage;
  writer: SocketWriter;
  /** Authenticates the connection's caller again (each operation). */
  reauthenticate?: () => Promise<Principal>;
  principal?: Principal;
  [key: string]: unknown;
};

function closeFor(err: unknown): [number, string] {
  if (err instanceof TokenRefused) {
    if (err.refusal === TokenRefusal.INACTIVE_USER) return [CLOSE_ACCESS_ENDED, "Access ended"];
    if (err.refusal === TokenRefusal.EXPIRED) return [CLOSE_UNAUTHENTICATED, "Token expired"];
    if (err.refusal === TokenRefusal.MISSING) return [CLOSE_UNAUTHENTICATED, "Token required"];
    if (err.refusal === TokenRefusal.MALFORMED) return [CLOSE_UNAUTHENTICATED, "Malformed token"];
    if (err.refusal === TokenRefusal.SESSION_ENDED) return [CLOSE_UNAUTHENTICATED, "Session ended"];
    return [CLOSE_UNAUTHENTICATED, "Token not accepted"];
  }
  if ((err as { extensions?: { reason?: string } }).extensions?.reason === "CSRF") return [CLOSE_UNAUTHENTICATED, "Not from the console's origin"];
  return [1011, "Internal error"];
}

/** Closes a session's socket when the session ends for want of use or at its absolute end. */
function closeAtSessionEnd(socket: WebSocket, session: ActiveSession, recheck: () => Promise<ActiveSession>): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (s: ActiveSession) => {
    const remaining = s.endsAt().getTime() - Date.now();
    timer = setTimeout(
      () =>
        // HTTP requests in the meantime may have moved the idle end: ask again.
        void recheck().then(arm, () => socket.close(CLOSE_UNAUTHENTICATED, "Session ended")),
      Math.min(Math.max(remaining, 0) + 1000, MAX_TIMER_MS),
    );
  };
  arm(session);
  socket.once("close", () => clearTimeout(timer));
}

/** Closes the socket when the token expires, however far away that is. */
function closeAtExpiry(socket: WebSocket, expiresAtSeconds: number): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = expiresAtSeconds * 1000 - Date.now();
    if (remaining <= 0) {
      socket.close(CLOSE_UNAUTHENTICATED, "Token expired");
      return;
    }
    // Not unref'd: an open socket keeps the process busy anyway, and a cleared unref'd timer
    // leaves Node holding an empty timer list until its delay would have run out.
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
  };
  arm();
  socket.once("close", () => clearTimeout(timer));
}

export function startWebSocketTransport(
  runtime: HubRuntime,
  httpServer: http.Server,
  schema: GraphQLSchema,
  auth: Authenticator,
  listener: NotificationListener,
  guard: GuardOptions,
) {
  const { logger, config } = runtime;
  const socketsByUser = new Map<string, Set<WebSocket>>();
  const track = (userId: string, socket: WebSocket) => {
    let set = socketsByUser.get(userId);
    if (!set) socketsByUser.set(userId, (set = new Set()));
    set.add(socket);
    socket.once("close", () => {
      set!.delete(socket);
      if (!set!.size) socketsByUser.delete(userId);
    });
  };
  listener.on(Channel.ACCESS_REVOKED, (userId) => {
    for (const socket of socketsByUser.get(userId) ?? []) socket.close(CLOSE_ACCESS_ENDED, "Access ended");
  });
  // A console session signed out (in any tab, any process): its sockets close at once.
  const socketsBySession = new Map<string, Set<WebSocket>>();
  listener.on(Channel.SESSION_ENDED, (sessionId) => {
    for (const socket of socketsBySession.get(sessionId) ?? []) socket.close(CLOSE_UNAUTHENTICATED, "Signed out");
  });
  const trackSession = (sessionId: string, socket: WebSocket) => {
    let set = socketsBySession.get(sessionId);
    if (!set) socketsBySession.set(sessionId, (set = new Set()));
    set.add(socket);
    socket.once("close", () => {
      set!.delete(socket);
      if (!set!.size) socketsBySession.delete(sessionId);
    });
  };

  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((e) => {
      const formatted = formatError(e.toJSON(), e, logger);
      return guard.hideSchemaDetails ? { ...formatted, message: hideSchemaDetails(formatted.message) } : formatted;
    });

  const formatResult = (result: ExecutionResult) => (result.errors ? { ...result, errors: format(result.errors) } : result);
  const payloadJson = (result: ExecutionResult) => JSON.stringify(formatResult(result));

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: config.maxRequestBytes });
  const cleanup = serve(
    {
      schema,
      subscribe: subscribeShared,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        try {
          const token = bearerToken(typeof header === "string" ? header : null);
          const socket = ctx.extra.socket;
          if (token) {
            const { principal, expiresAt } = await auth.tokens.verifyToken(token);
            // The client may have gone while the token was checked: tracking a closed socket
            // would keep it forever (its close handlers have already run).
            if (socket.readyState !== WebSocket.OPEN) return false;
            ctx.extra.reauthenticate = () => auth.tokens.verify(token);
            ctx.extra.principal = principal;
            track(principal.userId, socket);
            closeAtExpiry(socket, expiresAt);
            return true;
          }
          const session = await auth.socketSession(ctx.extra.request);
          if (!session) throw new TokenRefused(TokenRefusal.MISSING);
          if (socket.readyState !== WebSocket.OPEN) return false;
          const request = ctx.extra.request;
          const recheck = async () => {
            const again = await auth.socketSession(request);
            if (!again) throw new TokenRefused(TokenRefusal.SESSION_ENDED);
            return again;
          };
          ctx.extra.reauthenticate = async () => (await recheck()).principal;
          ctx.extra.principal = session.principal;
          track(session.principal.userId, socket);
          trackSession(session.id, socket);
          closeAtSessionEnd(socket, session, recheck);
          return true;
        } catch (err) {
          const [code, reason] = closeFor(err);
          if (code === 1011) logger.error("websocket authentication failed", { error: String(err) });
          else logger.info("websocket connection refused", { code, reason });
          // graphql-ws would close with 4403 whatever the cause: close first, with the reason.
          ctx.extra.socket.close(code, reason);
          return false;
        }
      },
      // Every operation on the socket is authenticated again (the user may have been
      // deactivated) and checked with the same rules as HTTP.
      onSubscribe: async (ctx, id, payload) => {
        let principal: Principal;
        try {
          if (!ctx.extra.reauthenticate) throw new TokenRefused(TokenRefusal.MISSING);
          principal = await ctx.extra.reauthenticate();
        } catch (err) {
          const [code, reason] = closeFor(err);
          ctx.extra.socket.close(code, reason);
          return [err instanceof GraphQLError ? err : new TokenRefused(TokenRefusal.UNVERIFIED)];
        }
        const prepared = prepareOperation(schema, guard, payload);
        if (Array.isArray(prepared)) return prepared;
        const args = {
          schema,
          document: prepared.document,
          operationName: payload.operationName,
          variableValues: prepared.variableValues,
          contextValue: createContext(runtime, principal, "ws"),
        };
        if (prepared.operation.operation === "subscription") {
          // Results go straight to the socket, as graphql-ws would write them (`next` messages
          // with this operation's id), each result's JSON made once for all its subscribers.
          const writer = ctx.extra.writer;
          const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
          const request = { query: payload.query, operation: prepared.operation, document: prepared.document, variables: prepared.variableValues };
          shareSubscription(args, request, {
            deliver: (results) => {
              for (const result of results) writer.send(`${prefix}${serialisedOnce(result, payloadJson)}}`);
              return writer.backedUp();
            },
          });
        }
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) => formatResult(result),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wsServer,
    logger,
  );
  return {
    dispose: () => cleanup.dispose(),
    /** Open WebSocket connections (the metrics). */
    connections: () => wsServer.clients.size,
    /** Sockets held for deactivation (for tests: it must fall to zero when clients leave). */
    trackedSockets: () => [...socketsByUser.values()].reduce((n, set) => n + set.size, 0) + [...socketsBySession.values()].reduce((n, set) => n + set.size, 0),
  };
}

/**
 * Writes a socket's messages without waiting for each write to complete. Messages sent in one
 * turn of the event loop (a burst reaching this subscriber) leave in one write: the upgraded
 * TCP socket is corked until the turn's promise work is done. A reader that falls behind makes
 * its senders wait (backedUp) rather than the hub buffering without bound.
 */
class SocketWriter {
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly tcp: Duplex,
  ) {}

  send(data: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.tcp.cork();
      process.nextTick(() => {
        this.corked = false;
        this.tcp.uncork();
      });
    }
    this.socket.send(data);
  }

  /** A promise that settles once the socket has drained, when it holds too much unsent. */
  backedUp(): Promise<void> | undefined {
    if (this.socket.bufferedAmount < SEND_HIGH_WATER_BYTES || this.socket.readyState !== WebSocket.OPEN) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.tcp.off("drain", done);
        this.tcp.off("close", done);
        resolve();
      };
      this.tcp.once("drain", done);
      this.tcp.once("close", done);
    });
  }
}

/**
 * graphql-ws's protocol (makeServer) over a `ws` server: what graphql-ws/use/ws does, except
 * that a message is handed to the socket without waiting for its write to complete (unless the
 * socket is backed up), so a burst of events leaves in a few writes rather than one round of
 * the event loop per event per subscriber.
 */
function serve(options: ServerOptions<Record<string, unknown> | undefined, SocketExtra>, wsServer: WebSocketServer, logger: HubRuntime["logger"]) {
  const server = makeServer(options);
  wsServer.options.handleProtocols = handleProtocols;
  wsServer.on("error", (err) => logger.error("websocket server error", { error: String(err) }));
  wsServer.on("connection", (socket, request) => {
    socket.once("error", (err) => {
      logger.warn("websocket error", { error: String(err) });
      socket.close(CloseCode.InternalServerError, "Internal server error");
    });
    const writer = new SocketWriter(socket, request.socket);
    // Keep-alive: a peer that stops answering pings is dropped.
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once("pong", () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          writer.send(data);
          return writer.backedUp();
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on("message", async (data) => {
            try {
              await handle(String(data));
            } catch (err) {
              logger.error("websocket message handling failed", { error: String(err) });
              socket.close(CloseCode.InternalServerError, "Internal server error");
            }
          }),
      },
      { socket, request, writer },
    );
    socket.once("close", (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });
  return {
    dispose: async () => {
      for (const client of wsServer.clients) client.close(1001, "Going away");
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
