import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  ASTVisitor,
  ValidationContext,
  ValidationRule,
  OperationDefinitionNode,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { HubContext } from "./context";
import { HubError, ErrorCode } from "./errors";
import { QueryLimits, asksForIntrospection, checkCost, limitRules } from "./limits";
import { TokenRefused, TokenRefusal } from "./auth/token-verifier";

// One set of rules for what a request may ask, whichever transport carries it. Apollo runs the
// parse, the validation rules and the plugin below for HTTP; prepareOperation runs the same steps
// for graphql-ws, with the same codes and messages.

export interface GuardOptions {
  limits: QueryLimits;
  allowIntrospection: boolean;
  /** Production: no "Did you mean ...?" hints that would spell out a schema nobody may introspect. */
  hideSchemaDetails: boolean;
}

export function documentTooLarge(bytes: number, limit: number): GraphQLError {
  return new GraphQLError(`The query document is ${bytes} bytes; the limit is ${limit}`, {
    extensions: { code: "BAD_REQUEST", http: { status: 413 } },
  });
}

export function anonymousTooLarge(limit: number): GraphQLError {
  return new TokenRefused(TokenRefusal.MISSING, `anonymous query over ${limit} bytes`);
}

/** Without a token nobody learns the schema, in any mode. */
export function anonymousIntrospection(): GraphQLError {
  return new HubError(ErrorCode.UNAUTHENTICATED, "Sign in to ask about the schema", { http: { status: 401 } });
}

function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } }));
}

/** For Apollo: checks that need the variables or the caller, run once the operation is known. */
export function guardPlugin(schema: GraphQLSchema, options: GuardOptions): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request }) {
          if (!contextValue.principal && asksForIntrospection(document)) throw anonymousIntrospection();
          const tooCostly = checkCost(schema, document, operation, request.variables, options.limits);
          if (tooCostly) throw withHttpStatus(tooCostly, 400);
        },
      };
    },
  };
}

function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}

/** Production: nobody asks for the schema (unless ALLOW_INTROSPECTION), whichever transport. */
function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        context.reportError(new GraphQLError("Introspection is turned off on this hub", { nodes: [node] }));
      }
    },
  };
}

/** The validation rules added to graphql-js's own, for Apollo and the WebSocket path alike. */
export function validationRules(options: GuardOptions): ValidationRule[] {
  return [...limitRules(options.limits), ...(options.allowIntrospection ? [] : [noIntrospection])];
}

export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variableValues: Record<string, unknown>;
}

/** The WebSocket path's parse, validation and variable coercion, with Apollo's codes and messages. */
export function prepareOperation(
  schema: GraphQLSchema,
  options: GuardOptions,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
): PreparedOperation | GraphQLError[] {
  const bytes = Buffer.byteLength(payload.query ?? "");
  if (bytes > options.limits.maxQueryBytes) return [documentTooLarge(bytes, options.limits.maxQueryBytes)];
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: options.limits.maxTokens });
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return withCode([err], "GRAPHQL_PARSE_FAILED");
  }
  const invalid = validate(schema, document, [...specifiedRules, ...validationRules(options)]);
  if (invalid.length) return withCode(invalid, "GRAPHQL_VALIDATION_FAILED");

  const operation = getOperationAST(document, payload.operationName ?? undefined);
  if (!operation) {
    const message = payload.operationName
      ? `Unknown operation named "${payload.operationName}".`
      : "Must provide operation name if query contains multiple operations.";
    return [new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } })];
  }
  const tooCostly = checkCost(schema, document, operation, payload.variables, options.limits);
  if (tooCostly) return [tooCostly];

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 50 });
  if (coerced.errors) return withCode(coerced.errors, ErrorCode.BAD_USER_INPUT);
  return { document, operation, variableValues: payload.variables ?? {} };
}

/** Production: drop graphql-js's suggestions, which would spell out field and type names. */
export function hideSchemaDetails(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/, "");
}
