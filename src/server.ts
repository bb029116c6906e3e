import http from "node:http";
import { SettableClock } from "./core/clock";
import path from "node:path";
import { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer } from "@apollo/server";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { DocumentNode } from "graphql";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { HubContext, HubRuntime, caseAccess, createContext } from "./core/context";
import { formatError, isDatabaseUnavailable, serviceUnavailable } from "./core/errors";
import { TokenVerifier } from "./core/auth/token-verifier";
import { Authenticator, requestOrigin } from "./core/auth/authenticator";
import { ConsoleSessions } from "./core/auth/sessions";
import { NotificationListener } from "./core/notify/listener";
import { Channel } from "./core/notify/channels";
import { EventAudience, EventHub } from "./core/events/event-hub";
import { CaseEvent } from "./core/events/case-event.entity";
import { jsonErrors, notFoundRoute, requestLog, securityHeaders, sendJsonError } from "./core/http";
import { graphqlHttpHandler, isPlainGraphqlPost } from "./core/graphql-http";
import { GuardOptions, anonymousTooLarge, documentTooLarge, guardPlugin, hideSchemaDetails, validationRules } from "./core/request-guard";
import { startWebSocketTransport } from "./core/ws-transport";
import { webConsole } from "./core/web";
import { hubSchema } from "./schema";
import { HubMetrics } from "./core/metrics";
import { timingSafeEqual } from "node:crypto";

export { CLOSE_ACCESS_ENDED, CLOSE_UNAUTHENTICATED } from "./core/ws-transport";

export interface HubServer {
  url: string;
  wsUrl: string;
  port: number;
  close(): Promise<void>;
  /** WebSockets held for deactivation; tests check nothing is held after clients leave. */
  trackedSockets(): number;
}

export async function startServer(runtime: HubRuntime, listen: { port: number; host: string }): Promise<HubServer> {
  const { config, logger, dataSource } = runtime;
  const schema = await hubSchema();
  const verifier = new TokenVerifier(dataSource, {
    clockToleranceSeconds: config.jwtClockToleranceSeconds,
    developmentIssuerTrusted: config.devIssuer.enabled,
    logger,
    rememberSeconds: config.rememberTokensSeconds,
  });
  runtime.tokens = verifier;
  const sessions = new ConsoleSessions(dataSource, config.sessions, {
    developmentIssuerTrusted: config.devIssuer.enabled,
    rememberSeconds: config.rememberTokensSeconds,
  });
  // Production: the console is served from PUBLIC_URL only; development: wherever it is reached.
  const publicOrigin = new URL(config.publicUrl).origin;
  const auth = new Authenticator(verifier, sessions, (req) => (config.mode === "production" ? publicOrigin : requestOrigin(req)));
  runtime.auth = auth;
  const guard: GuardOptions = {
    limits: config.limits,
    allowIntrospection: config.allowIntrospection,
    hideSchemaDetails: config.mode === "production",
  };
  let ready = false;
  const metrics = new HubMetrics(dataSource);
  runtime.metrics = metrics;

  const app = express();
  app.disable("x-powered-by");
  app.use(requestLog(logger));
  app.use(securityHeaders());
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Not public: only with METRICS_TOKEN (or on METRICS_PORT, below).
  if (config.metricsToken) {
    const expected = Buffer.from(`Bearer ${config.metricsToken}`);
    app.get("/metrics", async (req, res, next) => {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return next();
      res.setHeader("content-type", metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    });
  }
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

  // Plain HTTP routes the modules declare (uploads and downloads of court papers).
  for (const module of runtime.modules) if (module.routes) app.use(module.routes(runtime, auth));

  // POST /graphql with a JSON body goes straight to Apollo (graphql-http.ts); the rest to Express.
  let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  const httpServer = http.createServer((req, res) => (graphqlPost && isPlainGraphqlPost(req) ? void graphqlPost(req, res) : app(req, res)));

  const listener = new NotificationListener(runtime.databaseUrl, logger);
  // Who may see a batch of new events, asked once per batch (see EventHub).
  const audienceOf = async (events: CaseEvent[]): Promise<EventAudience> => {
    const audience = await caseAccess(runtime).audience(dataSource.manager, runtime.clock.today(), [...new Set(events.map((e) => e.proceedingsId))]);
    return { users: audience.users, allows: (userId, e) => audience.allows(userId, e.proceedingsId, e.childId) };
  };
  const eventHub = new EventHub(dataSource, listener, logger, config.eventPollIntervalMs, audienceOf);
  runtime.eventHub = eventHub;
  eventHub.onRead = (events) => {
    const now = Date.now();
    for (const e of events) metrics.eventReadLag.observe(Math.max(0, now - e.occurredAt.getTime()) / 1000);
  };
  await listener.start();
  await eventHub.start();

  listener.on(Channel.ISSUERS_CHANGED, () => verifier.forgetAll());
  listener.on(Channel.ACCESS_REVOKED, (userId) => {
    verifier.forgetUser(userId);
    sessions.forgetUser(userId);
  });
  listener.on(Channel.SESSION_ENDED, (sessionId) => sessions.forgetSession(sessionId));
  listener.on(Channel.CLOCK_SET, (offset) => {
    if (runtime.clock instanceof SettableClock && runtime.config.mode !== "production") {
      runtime.clock.setOffset(Number(offset));
      // What is overdue may have changed: the process that runs the jobs runs them now.
      runtime.jobs?.runNow();
    }
  });
  listener.on(Channel.PRINCIPALS_CHANGED, (userId) => {
    if (userId) {
      verifier.forgetUser(userId);
      sessions.forgetUser(userId);
    } else {
      verifier.forgetAll();
      sessions.forgetAll();
    }
  });
  listener.onGap(() => {
    verifier.forgetAll();
    sessions.forgetAll();
  });

  const wsTransport = startWebSocketTransport(runtime, httpServer, schema, auth, listener, guard);
  metrics.live.connections = wsTransport.connections;
  metrics.live.subscriptions = () => eventHub.streams;
  metrics.live.leading = () => runtime.jobs?.leading() ?? false;

  // --- HTTP (Apollo) -----------------------------------------------------------------------
  const apollo = new ApolloServer<HubContext>({
    schema,
    validationRules: validationRules(guard),
    parseOptions: { maxTokens: config.limits.maxTokens },
    // Parsed documents are cached by their text; bounded (4 MiB of text) so that a stream of
    // distinct documents cannot hold more than that.
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: 4 * 2 ** 20 }),
    // Introspection is refused by our own rule (validationRules), the same on both transports.
    introspection: true,
    hideSchemaDetailsFromClientErrors: guard.hideSchemaDetails,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      const shaped = formatError(formatted, error, logger);
      return guard.hideSchemaDetails ? { ...shaped, message: hideSchemaDetails(shaped.message) } : shaped;
    },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used (every answer depends on who asks): without this plugin Apollo
      // does not wrap every field's resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      guardPlugin(schema, guard),
      {
        // Requests and latency by operation (its type and first root field: bounded by the
        // schema, unlike client-chosen names) and outcome (OK, or the first error's code).
        async requestDidStart() {
          const started = process.hrtime.bigint();
          return {
            async willSendResponse({ operation, errors }) {
              const field = operation?.selectionSet.selections.find((s) => s.kind === "Field");
              const label = operation ? `${operation.operation}.${field && field.kind === "Field" ? field.name.value : "?"}` : "invalid";
              const outcome = errors?.length ? String(errors[0].extensions?.code ?? "INTERNAL_SERVER_ERROR") : "OK";
              metrics.requests.inc({ operation: label, outcome });
              metrics.latency.observe({ operation: label, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
            },
          };
        },
      },
      {
        // A read whose fields lost the database part-way answers 503 like any other request
        // that could not reach it (its errors are SERVICE_UNAVAILABLE either way), so clients and
        // load balancers retry instead of taking a partial answer for a real one.
        async requestDidStart() {
          return {
            async willSendResponse({ errors, response }) {
              if (errors?.some((e) => isDatabaseUnavailable(e.originalError ?? e))) response.http.status = 503;
            },
          };
        },
      },
      {
        async serverWillStart() {
          return {
            async drainServer() {
              // Tells every client "going away" (1001) and completes its subscriptions.
              await wsTransport.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const { limits } = config;
  // Every POST may change something: a cookie-authenticated one carries the CSRF token (GET
  // reads only; Apollo refuses mutations over GET).
  const contextFor = async (req: http.IncomingMessage, requestId: string) => {
    let principal = null;
    try {
      principal = await auth.principal(req, { stateChanging: req.method !== "GET" });
    } catch (err) {
      throw isDatabaseUnavailable(err) ? serviceUnavailable() : err;
    }
    return createContext(runtime, principal, "http", requestId);
  };
  // The document limits, the same on both HTTP paths.
  const checkQuery = (query: string, anonymous: boolean) => {
    const bytes = Buffer.byteLength(query);
    if (anonymous && bytes > limits.anonymousMaxQueryBytes) {
      return { status: 401, code: "UNAUTHENTICATED", message: anonymousTooLarge(limits.anonymousMaxQueryBytes).message };
    }
    if (bytes > limits.maxQueryBytes) return { status: 413, code: "BAD_REQUEST", message: documentTooLarge(bytes, limits.maxQueryBytes).message };
    return null;
  };
  graphqlPost = graphqlHttpHandler({
    apollo,
    logger,
    anonymousMaxBodyBytes: limits.anonymousMaxQueryBytes * 4,
    maxBodyBytes: config.maxRequestBytes,
    anonymousTooLarge: () => ({ status: 401, code: "UNAUTHENTICATED", message: anonymousTooLarge(limits.anonymousMaxQueryBytes).message }),
    checkQuery,
    presents: (req) => auth.presents(req),
    context: (req, requestId) => contextFor(req, requestId),
  });
  const anonymousJson = express.json({ limit: limits.anonymousMaxQueryBytes * 4 });
  const signedInJson = express.json({ limit: config.maxRequestBytes });
  if (config.mode === "development") {
    app.get("/graphql", (req, res, next) => (req.accepts(["json", "html"]) === "html" && !req.query.query ? res.redirect(302, "/graphiql") : next()));
  }
  app.use(
    "/graphql",
    // Without a token only a small document is read at all: nobody can make the hub parse and
    // validate a large one without signing in first.
    (req, res, next) => {
      const anonymous = !auth.presents(req);
      (anonymous ? anonymousJson : signedInJson)(req, res, (err?: unknown) => {
        if (err && anonymous && (err as { status?: number }).status === 413) {
          const refused = anonymousTooLarge(limits.anonymousMaxQueryBytes);
          return sendJsonError(res, 401, "UNAUTHENTICATED", refused.message);
        }
        if (err) return next(err);
        const query = req.method === "GET" ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
        const refused = typeof query === "string" ? checkQuery(query, anonymous) : null;
        if (refused) return sendJsonError(res, refused.status, refused.code, refused.message);
        next();
      });
    },
    expressMiddleware(apollo, { context: async ({ req, res }) => contextFor(req, res.locals.requestId as string) }),
  );

  const web = webConsole({
    root: path.resolve(__dirname, "../web"),
    graphiql: config.mode === "development",
  });
  if (web) app.use(web);
  else logger.warn("the console is not built (npm run build): only the API is served");

  app.use(notFoundRoute());
  app.use(jsonErrors(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  let metricsServer: http.Server | null = null;
  if (config.metricsPort) {
    metricsServer = http.createServer((req, res) => {
      if (req.method !== "GET" || req.url !== "/metrics") {
        res.writeHead(404).end();
        return;
      }
      void metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      metricsServer!.once("error", reject);
      metricsServer!.listen(config.metricsPort, config.metricsHost, () => resolve());
    });
  }
  ready = true;
  const port = (httpServer.address() as AddressInfo).port;
  const host = listen.host === "0.0.0.0" || listen.host === "::" ? "localhost" : listen.host;

  return {
    port,
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    trackedSockets: () => wsTransport.trackedSockets(),
    async close() {
      ready = false;
      await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
      await apollo.stop();
      eventHub.stop();
      await listener.stop();
    },
  };
}
