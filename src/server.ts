import http from "node:http";
import { randomUUID } from "node:crypto";
import { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { GraphQLError, GraphQLFormattedError, parse, specifiedRules, validate, ExecutionResult, DocumentNode, getOperationAST } from "graphql";
import { WebSocketServer, WebSocket } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { HubContext, HubRuntime, createContext } from "./core/context";
import { formatError, unauthenticated } from "./core/errors";
import { bearerToken, TokenVerifier } from "./core/auth/token-verifier";
import { Principal } from "./core/auth/principal";
import { depthLimit } from "./core/limits";
import { NotificationListener } from "./core/notify/listener";
import { Channel } from "./core/notify/channels";
import { EventHub } from "./core/events/event-hub";
import { hubSchema } from "./schema";
import { courtPapersRouter } from "./modules/court-papers/court-papers.routes";
import { sweepOrphans } from "./modules/court-papers/court-papers.service";
import { raiseOverdueProtocolSteps } from "./modules/liaison/liaison.service";
import { raiseReviewOverdues } from "./modules/reviews/reviews.service";
import { raiseChallengeOverdues } from "./modules/challenges/challenges.service";

export interface HubServer {
  url: string;
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** WebSocket close code for a connection whose access has ended. */
export const CLOSE_ACCESS_ENDED = 4403;

type SocketExtra = {
  socket: WebSocket;
  token?: string;
  principal?: Principal;
  [key: string]: unknown;
};

export async function startServer(runtime: HubRuntime, listen: { port: number; host: string }): Promise<HubServer> {
  const { config, logger, dataSource } = runtime;
  const schema = await hubSchema();
  const verifier = new TokenVerifier(dataSource, config.jwtClockToleranceSeconds);
  const validationRules = [depthLimit(config.maxQueryDepth)];
  let ready = false;

  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    const given = req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    const started = process.hrtime.bigint();
    const path = req.path; // mounted routers rewrite req.path; keep what the client asked for
    res.on("finish", () => {
      logger.info("request", {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    next();
  });
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    if (!ready) {
      res.status(503).json({ status: "not ready" });
      return;
    }
    try {
      await dataSource.query("SELECT 1");
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });

  app.use(courtPapersRouter(runtime, verifier));

  const httpServer = http.createServer(app);

  // --- WebSocket (graphql-ws) -------------------------------------------------------------
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

  const listener = new NotificationListener(runtime.databaseUrl, logger);
  listener.on(Channel.ACCESS_REVOKED, (userId) => {
    for (const socket of socketsByUser.get(userId) ?? []) socket.close(CLOSE_ACCESS_ENDED, "Access ended");
  });
  const eventHub = new EventHub(dataSource, listener, logger, config.eventPollIntervalMs);
  runtime.eventHub = eventHub;
  await listener.start();
  await eventHub.start();

  // Stored bytes that no committed document owns (a crash mid-upload) are removed after a grace period.
  const sweep = () =>
    sweepOrphans(createContext(runtime, null, "http", "orphan-sweep"))
      .then((n) => n && logger.info("removed orphaned uploads", { files: n }))
      .catch((err) => logger.warn("orphan sweep failed", { error: String(err) }));
  void sweep();
  const sweepTimer = setInterval(sweep, 10 * 60_000);
  sweepTimer.unref();
  // Protocol steps that have become overdue raise an event for the IRO and the guardian.
  const overdueTimer = setInterval(
    () =>
      Promise.all([
        raiseOverdueProtocolSteps(createContext(runtime, null, "http", "overdue-check")),
        raiseReviewOverdues(createContext(runtime, null, "http", "overdue-check")),
        raiseChallengeOverdues(createContext(runtime, null, "http", "overdue-check")),
      ]).catch((err) =>
        logger.warn("overdue protocol check failed", { error: String(err) }),
      ),
    config.overdueCheckIntervalMs,
  );
  overdueTimer.unref();

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 1024 * 1024 });
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((e) => formatError(e.toJSON(), e, logger));

  const wsCleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = (params.authorization ?? params.Authorization) as string | undefined;
        try {
          const token = bearerToken(typeof header === "string" ? header : null);
          if (!token) return false;
          const principal = await verifier.verify(token);
          ctx.extra.token = token;
          ctx.extra.principal = principal;
          track(principal.userId, ctx.extra.socket);
          // The socket lives no longer than the token that opened it.
          const exp = (JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { exp: number }).exp;
          const timer = setTimeout(() => ctx.extra.socket.close(CLOSE_ACCESS_ENDED, "Token expired"), Math.max(0, exp * 1000 - Date.now()));
          timer.unref();
          ctx.extra.socket.once("close", () => clearTimeout(timer));
          return true;
        } catch (err) {
          logger.info("websocket connection refused", { reason: err instanceof Error ? err.message : String(err) });
          return false;
        }
      },
      // Errors returned here reach the client through onError, formatted like HTTP's.
      // Every operation on the socket is authenticated again (the user may have been
      // deactivated) and validated with the same rules as HTTP.
      onSubscribe: async (ctx, _id, payload) => {
        let principal: Principal;
        try {
          principal = await verifier.verify(ctx.extra.token ?? "");
        } catch (err) {
          ctx.extra.socket.close(CLOSE_ACCESS_ENDED, "Access ended");
          return [err instanceof GraphQLError ? err : unauthenticated()];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [new GraphQLError("No operation to run", { extensions: { code: "BAD_REQUEST" } })];
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? undefined,
          contextValue: createContext(runtime, principal, "ws"),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
        result.errors ? { ...result, errors: format(result.errors) } : result,
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wsServer,
  );

  // --- HTTP (Apollo) -----------------------------------------------------------------------
  const apollo = new ApolloServer<HubContext>({
    schema,
    validationRules,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              // Tells every client "going away" (1001) and completes its subscriptions.
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = bearerToken(req.headers.authorization);
        const principal = token ? await verifier.verify(token) : null;
        return createContext(runtime, principal, "http", res.locals.requestId as string);
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  ready = true;
  const port = (httpServer.address() as AddressInfo).port;
  const host = listen.host === "0.0.0.0" || listen.host === "::" ? "localhost" : listen.host;

  return {
    port,
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    async close() {
      ready = false;
      await apollo.stop();
      clearInterval(sweepTimer);
      clearInterval(overdueTimer);
      eventHub.stop();
      await listener.stop();
    },
  };
}
