import {
  ASTNode,
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  ValidationContext,
  ValidationRule,
  ValueNode,
  visit,
  validate,
} from "graphql";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";

// What a GraphQL document may ask of the hub, applied identically to HTTP (Apollo) and
// WebSocket (graphql-ws), which Apollo's rules do not reach by themselves. The rules come from
// GraphQL Armor; each counts a fragment once however often it is spread, so checking is linear
// in the document's size (a hand-written walker that expanded every spread was not).
export interface QueryLimits {
  /** Longest document text accepted, in bytes (before parsing). */
  maxQueryBytes: number;
  /** Longest document text accepted from a caller with no token (before parsing). */
  anonymousMaxQueryBytes: number;
  /** Lexical tokens; the parser stops counting here. */
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Fields the response may hold, with each list weighted by its `first` (a variable's value counts). */
  maxCost: number;
  /** The `first` assumed for a list whose size the document does not say (the page-size cap). */
  defaultListSize: number;
}

function refusal(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
}

// Armor reports through a callback; we turn its verdict into an ordinary validation error with
// the hub's wording (its own messages start "Syntax Error:", which these are not).
function report(message: (n: number) => string) {
  return {
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(refusal(message(Number(/found (\d+)/.exec(err.message)?.[1] ?? NaN))))],
  };
}

/** Validation rules that need no variables: Apollo runs them, and so does the WebSocket path. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      ...report((n) => `Query is ${n} levels deep; the limit is ${limits.maxDepth}`),
    }) as unknown as ValidationRule,
    maxAliasesRule({ n: limits.maxAliases, ...report((n) => `Query uses ${n} aliases; the limit is ${limits.maxAliases}`) }) as unknown as ValidationRule,
    maxDirectivesRule({
      n: limits.maxDirectives,
      ...report((n) => `Query uses ${n} directives; the limit is ${limits.maxDirectives}`),
    }) as unknown as ValidationRule,
  ];
}

/**
 * The response-size check: every field costs 1 and a list with `first: n` multiplies what is
 * under it by n. `first` given as a variable counts with the variable's value (or the page-size
 * cap when it has none), so nobody escapes the weighting by moving the number into a variable.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
): GraphQLError | null {
  const defaults = new Map<string, ValueNode | undefined>();
  for (const def of operation?.variableDefinitions ?? []) defaults.set(def.variable.name.value, def.defaultValue);
  const sizeOf = (name: string) => {
    const given = variables?.[name];
    const fallback = defaults.get(name);
    return Math.max(
      1,
      typeof given === "number" && Number.isInteger(given) ? given : fallback?.kind === Kind.INT ? Number(fallback.value) : limits.defaultListSize,
    );
  };
  // The verdict depends only on the document, the operation and the sizes its variables give:
  // kept with the (cached, parsed) document, so a repeated query is not costed again.
  let known = verdicts.get(document);
  if (!known) verdicts.set(document, (known = { sizeVariables: sizeVariablesOf(document), byKey: new Map() }));
  const key = `${operation?.name?.value ?? ""}|${limits.maxCost}|${limits.defaultListSize}|${known.sizeVariables.map(sizeOf).join(",")}`;
  const remembered = known.byKey.get(key);
  if (remembered !== undefined) return remembered;
  const sized = visit(document, {
    Argument(node) {
      if ((node.name.value !== "first" && node.name.value !== "last") || node.value.kind !== Kind.VARIABLE) return undefined;
      return { ...node, value: { kind: Kind.INT, value: String(sizeOf(node.value.name.value)) } };
    },
  });
  const errors = validate(schema, sized, [
    costLimitRule({
      maxCost: limits.maxCost,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...report((n) => `Query would return up to ${n} fields; the limit is ${limits.maxCost}`),
    }) as unknown as ValidationRule,
  ]);
  const verdict = errors[0] ?? null;
  if (known.byKey.size < 100) known.byKey.set(key, verdict);
  return verdict;
}

const verdicts = new WeakMap<DocumentNode, { sizeVariables: string[]; byKey: Map<string, GraphQLError | null> }>();

/** The variables a document uses as a list's `first` or `last`. */
function sizeVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if ((node.name.value === "first" || node.name.value === "last") && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/** Does the document ask about the schema itself (`__schema` or `__type`)? Linear: fragments are visited once each. */
export function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node: ASTNode & { name: { value: string } }) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return false;
      }
      return undefined;
    },
  });
  return found;
}
