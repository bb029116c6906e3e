import { Field, ID, ObjectType } from "type-graphql";
import { GraphQLISODateTime } from "type-graphql";
import { Role } from "../../core/access/roles";

@ObjectType("SignInProvider", { description: "An organisation's identity provider the console can sign people in with (OpenID Connect, code flow with PKCE)" })
export class SignInProviderType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The name on the sign-in button" })
  displayName: string;

  @Field(() => String, { description: "The provider's `iss`" })
  issuer: string;

  @Field(() => String)
  discoveryUrl: string;

  @Field(() => String)
  clientId: string;

  @Field(() => String, { description: "The scopes to ask for" })
  scope: string;
}

@ObjectType("DemoUser", { description: "A demo user (development only)" })
export class DemoUserType {
  @Field(() => String)
  subject: string;

  @Field(() => String)
  displayName: string;

  @Field(() => [Role])
  roles: Role[];

  @Field(() => String)
  organisationName: string;
}

@ObjectType("SignInOptions", { description: "What the sign-in page offers; asked without a token" })
export class SignInOptionsType {
  @Field(() => [SignInProviderType])
  providers: SignInProviderType[];

  @Field(() => [DemoUserType], { description: "Empty unless the hub trusts its development issuer" })
  demoUsers: DemoUserType[];
}

@ObjectType("DemoSession", { description: "A development token for a demo user" })
export class DemoSessionType {
  @Field(() => String, { description: "A bearer token for HTTP and the WebSocket's connection_init" })
  token: string;

  @Field(() => GraphQLISODateTime)
  expiresAt: Date;
}
