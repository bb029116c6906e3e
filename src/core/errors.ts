import { GraphQLError, GraphQLFormattedError } from "graphql";
import { Logger } from "./logger";

// The stable error codes clients may branch on. Anything else reaching the edge is a bug and
// is masked as INTERNAL_SERVER_ERROR, so no stack trace or SQL text ever leaves the hub.
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  CONFLICT = "CONFLICT",
  /** The database cannot be reached just now; the same request may succeed if retried. */
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

const PASS_THROUGH = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.SERVICE_UNAVAILABLE,
  // Produced by graphql-js / Apollo for malformed documents; they carry no internals.
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

export interface FieldProblem {
  field: string;
  message: string;
}

export class HubError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

/** Also the answer for records that exist but are not the caller's: the two must look alike. */
export function notFound(what: string): HubError {
  return new HubError(ErrorCode.NOT_FOUND, `${what} not found`);
}

export function forbidden(message = "You are not allowed to do this"): HubError {
  return new HubError(ErrorCode.FORBIDDEN, message);
}

export function unauthenticated(message = "A valid bearer token is required"): HubError {
  return new HubError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

export function conflict(message: string): HubError {
  return new HubError(ErrorCode.CONFLICT, message);
}

export function badInput(field: string, message: string): HubError {
  return new HubError(ErrorCode.BAD_USER_INPUT, message, { fields: [{ field, message }] });
}

export function serviceUnavailable(message = "The hub cannot reach its database just now; try again shortly"): HubError {
  return new HubError(ErrorCode.SERVICE_UNAVAILABLE, message, {
    retryable: true,
    http: { status: 503 },
  });
}

// Connection-level failures (the server restarting, refusing, or dropping us) as opposed to a
// query the database refused: the former are worth retrying, the latter are bugs or conflicts.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; driverError?: unknown; originalError?: unknown; message?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
    if (
      typeof e.message === "string" &&
      /Connection terminated|connection (?:is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e.message)
    )
      return true;
    e = (e.driverError ?? e.originalError) as typeof e;
  }
  return false;
}

export function errorCodeOf(err: unknown): string {
  if (err instanceof GraphQLError) {
    const code = err.extensions?.code;
    if (typeof code === "string") return code;
    if (err.originalError) return errorCodeOf(err.originalError);
  }
  return ErrorCode.INTERNAL_SERVER_ERROR;
}

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function flattenValidation(errors: ValidationErrorLike[], prefix = ""): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidation(e.children ?? [], field)];
  });
}

/** Shapes every error the same way over HTTP and WebSocket. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error : undefined;
  const cause = (original?.originalError ?? error) as GraphQLError | undefined;

  // class-validator failures from type-graphql's `validate: true` (ArgumentValidationError)
  const validationErrors = cause?.extensions?.validationErrors;
  if (Array.isArray(validationErrors)) {
    const fields = flattenValidation(validationErrors as ValidationErrorLike[]);
    return {
      message: "Invalid input: " + fields.map((f) => `${f.field}: ${f.message}`).join("; "),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
    };
  }

  if (isDatabaseUnavailable(cause)) {
    logger.warn("database unavailable", { error: cause instanceof Error ? cause.message : String(cause), path: formatted.path });
    const unavailable = serviceUnavailable();
    return {
      message: unavailable.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true },
    };
  }

  const code = errorCodeOf(original ?? error);
  if (PASS_THROUGH.has(code)) {
    const { stacktrace: _s, http: _h, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: { ...extensions, code } };
  }

  logger.error("unexpected error", {
    error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    cause: original?.originalError ? { message: original.originalError.message, stack: original.originalError.stack } : undefined,
    path: formatted.path,
  });
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
