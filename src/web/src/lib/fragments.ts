// What several pages show the same way, asked the same way: a party (who holds which role on a
// case or a child) and a child's summary. The pages' queries spread these fragments, so a field
// added here reaches every page that shows it.
import { graphql } from "../gql";
import type { PartyFieldsFragment } from "../gql/graphql";
import { formatDate, words } from "./format";

export const PARTY_FIELDS = graphql(`
  fragment PartyFields on Party {
    id
    role
    current
    startsOn
    endsOn
    person {
      id
      displayName
      email
      phone
    }
    organisation {
      id
      name
    }
  }
`);

export const CHILD_SUMMARY = graphql(`
  fragment ChildSummary on Child {
    id
    givenName
    familyName
    dateOfBirth
    laReference
    finalOutcome {
      id
      orderType
      orderDate
    }
  }
`);

/** "Name (Organisation)" for a person, or the organisation's name. */
export function partyName(p: Pick<PartyFieldsFragment, "person" | "organisation">): string {
  return p.person ? `${p.person.displayName} (${p.organisation.name})` : p.organisation.name;
}

/** A final outcome in a few words ("Care order, 3 March 2026"), or null before there is one. */
export function outcomeText(o: { orderType: string; orderDate: string } | null | undefined): string | null {
  return o ? `${words(o.orderType)}, ${formatDate(o.orderDate)}` : null;
}
