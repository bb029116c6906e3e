import http from "node:http";
import { ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { WebSocketServer, WebSocket } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { HubRuntime, createContext } from "./context";
import { formatError } from "./errors";
import { TokenRefused, TokenRefusal, TokenVerifier, bearerToken } from "./auth/token-verifier";
import { Principal } from "./auth/principal";
import { GuardOptions, hideSchemaDetails, prepareOperation } from "./request-guard";
import { NotificationListener } from "./notify/listener";
import { Channel } from "./notify/channels";

// GraphQL over WebSocket (graphql-ws) on the same server and path as HTTP. Connections are
// authenticated in connection_init; every operation re-checks the token and runs the same
// limits as HTTP (request-guard); errors are shaped by the same formatError.

/** The token is missing, malformed, unverifiable or expired: sign in again and reconnect. */
export const CLOSE_UNAUTHENTICATED = 4401;
/** The user's access has ended (deactivated): reconnecting will not help. */
export const CLOSE_ACCESS_ENDED = 4403;

// setTimeout keeps its delay in a signed 32-bit integer: anything longer fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

type SocketExtra = {
  socket: WebSocket;
  token?: string;
  principal?: Principal;
  [key: string]: unknown;
};

function closeFor(err: unknown): [number, string] {
  if (err instanceof TokenRefused) {
    if (err.refusal === TokenRefusal.INACTIVE_USER) return [CLOSE_ACCESS_ENDED, "Access ended"];
    if (err.refusal === TokenRefusal.EXPIRED) return [CLOSE_UNAUTHENTICATED, "Token expired"];
    if (err.refusal === TokenRefusal.MISSING) return [CLOSE_UNAUTHENTICATED, "Token required"];
    if (err.refusal === TokenRefusal.MALFORMED) return [CLOSE_UNAUTHENTICATED, "Malformed token"];
    return [CLOSE_UNAUTHENTICATED, "Token not accepted"];
  }
  return [1011, "Internal error"];
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
  verifier: TokenVerifier,
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

  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((e) => {
      const formatted = formatError(e.toJSON(), e, logger);
      return guard.hideSchemaDetails ? { ...formatted, message: hideSchemaDetails(formatted.message) } : formatted;
    });

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: config.maxRequestBytes });
  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        try {
          const token = bearerToken(typeof header === "string" ? header : null);
          if (!token) throw new TokenRefused(TokenRefusal.MISSING);
          const { principal, expiresAt } = await verifier.verifyToken(token);
          // The client may have gone while the token was checked: tracking a closed socket
          // would keep it forever (its close handlers have already run).
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
          ctx.extra.token = token;
          ctx.extra.principal = principal;
          track(principal.userId, ctx.extra.socket);
          closeAtExpiry(ctx.extra.socket, expiresAt);
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
      onSubscribe: async (ctx, _id, payload) => {
        let principal: Principal;
        try {
          principal = await verifier.verify(ctx.extra.token ?? "");
        } catch (err) {
          const [code, reason] = closeFor(err);
          ctx.extra.socket.close(code, reason);
          return [err instanceof GraphQLError ? err : new TokenRefused(TokenRefusal.UNVERIFIED)];
        }
        const prepared = prepareOperation(schema, guard, payload);
        if (Array.isArray(prepared)) return prepared;
        return {
          schema,
          document: prepared.document,
          operationName: payload.operationName,
          variableValues: prepared.variableValues,
          contextValue: createContext(runtime, principal, "ws"),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) => (result.errors ? { ...result, errors: format(result.errors) } : result),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wsServer,
  );
  return {
    dispose: () => cleanup.dispose(),
    /** Sockets held for deactivation (for tests: it must fall to zero when clients leave). */
    trackedSockets: () => [...socketsByUser.values()].reduce((n, set) => n + set.size, 0),
  };
}
