// Running a mutation from a form: the hub's BAD_USER_INPUT errors name the fields at fault
// (extensions.fields), which become GOV.UK error messages linked from the error summary.
import { useState } from "react";
import type { TypedDocumentNode } from "@apollo/client";
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { client } from "./apollo";
import type { FieldError } from "../govuk/components";

/** The input id a hub field name maps to: "children.0.givenName" -> "children-0-givenName". */
export const fieldId = (field: string) => field.replace(/[^A-Za-z0-9_-]+/g, "-");

/** The form's inputs: ids named like the hub's fields, or a map from field name to input id. */
export type KnownFields = string[] | Record<string, string>;

export function errorsFrom(err: unknown, known: KnownFields = []): FieldError[] {
  const idOf = (field: string) => (Array.isArray(known) ? (known.includes(field) ? field : null) : (known[field] ?? null));
  if (CombinedGraphQLErrors.is(err)) {
    return err.errors.flatMap((e) => {
      const fields = e.extensions?.fields as { field: string; message: string }[] | undefined;
      if (fields?.length) {
        return fields.map((f) => {
          // "input.date" or "date": whichever the form knows
          const candidates = [f.field, f.field.replace(/^input\./, "")].map(fieldId);
          const id = candidates.map(idOf).find((c) => c !== null) ?? null;
          return { id, message: f.message };
        });
      }
      return [{ id: null, message: e.message }];
    });
  }
  return [{ id: null, message: err instanceof Error ? `Something went wrong: ${err.message}` : "Something went wrong. Try again." }];
}

export interface Action<TData, TVars> {
  run(variables: TVars): Promise<TData | null>;
  errors: FieldError[];
  setErrors(errors: FieldError[]): void;
  pending: boolean;
}

/**
 * A mutation for a form. `known` lists the form's input ids so server errors land on the right
 * field. After success the visible queries are fetched again, so every page shows the change.
 */
export function useAction<TData, TVars extends Record<string, unknown>>(
  mutation: TypedDocumentNode<TData, TVars>,
  known: KnownFields = [],
): Action<TData, TVars> {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [pending, setPending] = useState(false);
  return {
    errors,
    setErrors,
    pending,
    async run(variables) {
      setPending(true);
      setErrors([]);
      try {
        const result = await client.mutate({ mutation, variables: variables as never });
        await client.refetchQueries({ include: "active" });
        return (result.data ?? null) as TData | null;
      } catch (err) {
        setErrors(errorsFrom(err, known));
        return null;
      } finally {
        setPending(false);
      }
    },
  };
}

/** Client-side checks before a round trip: each failing check becomes a field error. */
export function check(rules: [boolean, string, string][]): FieldError[] {
  return rules.filter(([ok]) => !ok).map(([, id, message]) => ({ id, message }));
}
