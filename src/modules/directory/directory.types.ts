import { Field, ID, ObjectType } from "type-graphql";
import { GraphQLISODateTime } from "type-graphql";
import { OrganisationKind, Role } from "../../core/access/roles";

@ObjectType("Organisation", { description: "A local authority, IRO service, Cafcass area, court or the hub itself" })
export class OrganisationType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;
}

@ObjectType("TrustedIssuer", { description: "An identity provider whose tokens the hub accepts" })
export class TrustedIssuerType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The exact `iss` claim" })
  issuer: string;

  @Field(() => String, { description: "The `aud` claim tokens must carry" })
  audience: string;

  @Field(() => [String])
  algorithms: string[];

  @Field(() => Boolean, { description: "The hub's development issuer (trusted only while the hub runs with DEV_ISSUER on)" })
  development: boolean;

  @Field(() => String, { nullable: true, description: "OpenID Connect discovery URL for console sign-in" })
  discoveryUrl: string | null;

  @Field(() => String, { nullable: true, description: "The console's client id at the provider" })
  clientId: string | null;

  @Field(() => String, { nullable: true, description: "The scopes the console asks for" })
  scope: string | null;

  @Field(() => String, { nullable: true, description: "The name on the console's sign-in button" })
  displayName: string | null;
}

@ObjectType("Person", { description: "Someone on a case, with the contact details colleagues need" })
export class PersonType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  displayName: string;

  @Field(() => String)
  email: string;

  @Field(() => String, { nullable: true })
  phone: string | null;
}

@ObjectType("User", { description: "A hub user as the directory holds them" })
export class UserType extends PersonType {
  @Field(() => String, { description: "The token subject (`sub`) that signs this user in" })
  subject: string;

  @Field(() => [Role])
  roles: Role[];

  @Field(() => Boolean)
  active: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deactivatedAt: Date | null;

  @Field(() => Boolean, { description: "A machine client, not a person" })
  serviceAccount: boolean;

  organisationId: string;
}

@ObjectType("Me", { description: "The signed-in user" })
export class MeType {
  @Field(() => UserType)
  user: UserType;

  @Field(() => OrganisationType)
  organisation: OrganisationType;
}

@ObjectType("ServiceAccount", { description: "A machine client of an organisation. Its tokens carry `iss`, `sub` and `aud` below, signed with its own key" })
export class ServiceAccountType {
  @Field(() => ID, { description: "Its user id (the audit trail's)" }) id: string;
  @Field(() => String) name: string;
  @Field(() => Role) role: Role;
  @Field(() => ID) organisationId: string;
  @Field(() => String, { description: "The `iss` its tokens must carry" }) issuer: string;
  @Field(() => String, { description: "The `sub` its tokens must carry" }) subject: string;
  @Field(() => String, { description: "The `aud` its tokens must carry" }) audience: string;
  @Field(() => [String]) algorithms: string[];
  @Field(() => Boolean) active: boolean;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}
