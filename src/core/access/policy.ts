import { MiddlewareFn, UseMiddleware } from "type-graphql";
import { forbidden, unauthenticated } from "../errors";
import type { HubContext } from "../context";
import { Capability, can } from "./permissions";

// Every Query, Mutation and Subscription field declares who may call it with @Policy. The
// operation middleware refuses any root field without one (deny by default), and a test lists
// every operation with its policy so that a new one is a visible decision.
export type OperationPolicy = { public: true } | { signedIn: true } | { capability: Capability };

/** Anyone, with or without a token: only what a sign-in page needs. */
export const PUBLIC: OperationPolicy = { public: true };
export const SIGNED_IN: OperationPolicy = { signedIn: true };

const registry = new Map<string, OperationPolicy>();

export function policyFor(fieldName: string): OperationPolicy | undefined {
  return registry.get(fieldName);
}

export function describePolicy(p: OperationPolicy): string {
  return "public" in p ? "PUBLIC" : "signedIn" in p ? "SIGNED_IN" : p.capability;
}

export function checkPolicy(context: HubContext, policy: OperationPolicy): void {
  if ("public" in policy) return;
  const principal = context.principal;
  if (!principal) throw unauthenticated();
  if ("capability" in policy && !can(principal.roles, policy.capability)) {
    throw forbidden(`Your role does not allow this (${policy.capability})`);
  }
}

function check(policy: OperationPolicy): MiddlewareFn<HubContext> {
  return async ({ context }, next) => {
    checkPolicy(context, policy);
    return next();
  };
}

export function Policy(policy: OperationPolicy | Capability): MethodDecorator {
  const resolved: OperationPolicy = typeof policy === "string" ? { capability: policy } : policy;
  return (target, key, descriptor) => {
    const name = String(key);
    if (registry.has(name)) throw new Error(`Operation ${name} declares a policy twice`);
    registry.set(name, resolved);
    UseMiddleware(check(resolved))(target, key, descriptor as TypedPropertyDescriptor<unknown>);
  };
}
