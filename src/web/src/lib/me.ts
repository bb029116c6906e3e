import { useQuery } from "@apollo/client/react";
import { useSession } from "./session";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";

export const ME = graphql(`
  query Me {
    me {
      user {
        id
        displayName
        email
        roles
      }
      organisation {
        id
        name
        kind
      }
    }
  }
`);

export function useMe() {
  const session = useSession();
  const { data, loading, error } = useQuery(ME, { fetchPolicy: "cache-first", skip: !session });
  const roles = (data?.me.user.roles ?? []) as Role[];
  return { me: data?.me, roles, has: (...r: Role[]) => r.some((x) => roles.includes(x)), loading, error };
}

export const ROLE_NAMES: Record<Role, string> = {
  HUB_ADMIN: "Hub administrator",
  LA_LEGAL: "Legal department",
  SOCIAL_WORKER: "Social worker",
  IRO: "IRO",
  IRO_MANAGER: "IRO manager",
  GUARDIAN: "Children's guardian",
  CAFCASS_MANAGER: "Cafcass manager",
  COURT: "Court",
  ORGANISATION_ADMIN: "Organisation administrator",
  RECORDS_MANAGER: "Records manager",
};
