// Apollo Client over HTTP for queries and mutations. The session cookie goes with every request
// (same origin); the CSRF token goes in a header. A session the hub refuses has ended (signed
// out elsewhere, idle, past its end, or the person was deactivated).
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { ErrorLink } from "@apollo/client/link/error";
import { SetContextLink } from "@apollo/client/link/context";
import { csrfHeaders, sessionStore, whenSignedOut } from "./session";

const auth = new SetContextLink((prev) => ({ headers: { ...prev.headers, ...csrfHeaders() } }));

const refused = new ErrorLink(({ error }) => {
  const unauthenticated =
    (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) ||
    (ServerError.is(error) && error.statusCode === 401);
  if (unauthenticated && sessionStore.get()) sessionStore.clear("Your session has ended. Sign in again.");
});

export const client = new ApolloClient({
  link: ApolloLink.from([refused, auth, new HttpLink({ uri: "/graphql", credentials: "same-origin" })]),
  cache: new InMemoryCache({
    typePolicies: {
      // Singletons and id-less views are replaced whole.
      Me: { keyFields: [] },
      ProtocolCompliance: { keyFields: false },
      ReviewSchedule: { keyFields: false },
      CarePlanSections: { keyFields: false },
      PloTimetable: { keyFields: false },
    },
  }),
  defaultOptions: { watchQuery: { fetchPolicy: "cache-and-network" } },
});

// Nothing of one person's cases stays in memory for the next.
whenSignedOut(() => void client.clearStore());
