import { ArrayMinSize, ArrayUnique, IsEmail, IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { OrganisationKind, Role } from "../../core/access/roles";
import { ALLOWED_ALGORITHMS } from "../../core/auth/token-verifier";

@InputType({ description: "An organisation's identity provider" })
export class RegisterTrustedIssuerInput {
  @Field(() => String, { description: "The exact `iss` claim its tokens carry" })
  @IsString()
  @Length(3, 500)
  issuer: string;

  @Field(() => String, { description: "The `aud` claim its tokens carry for this hub" })
  @IsString()
  @Length(1, 500)
  audience: string;

  @Field(() => [String], { description: "Asymmetric algorithms, e.g. RS256, ES256" })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ALLOWED_ALGORITHMS as string[], { each: true })
  algorithms: string[];

  @Field(() => [String], { description: "Public keys as PEM (SPKI) or JWK JSON text, more than one during key rotation" })
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MaxLength(10_000, { each: true })
  publicKeys: string[];

  @Field(() => String, { nullable: true, description: "For console sign-in: the provider's OpenID Connect discovery URL (…/.well-known/openid-configuration)" })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ["https", "http"] })
  @MaxLength(500)
  discoveryUrl?: string | null;

  @Field(() => String, { nullable: true, description: "For console sign-in: the console's public client id at the provider" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  clientId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For console sign-in: the scopes to ask for (default "openid profile email"); many providers need one naming the hub as audience',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  scope?: string | null;

  @Field(() => String, { nullable: true, description: "For console sign-in: the name on the sign-in button" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string | null;
}

@InputType()
export class RegisterOrganisationInput {
  @Field(() => String)
  @IsString()
  @Length(2, 200)
  name: string;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;

  @Field(() => ID, { description: "The trusted issuer that signs its users in" })
  @IsUUID()
  issuerId: string;

  @Field(() => ID, { nullable: true, description: "IRO services: the local authority they belong to" })
  @IsOptional()
  @IsUUID()
  localAuthorityId?: string | null;

  @Field(() => ID, { nullable: true, description: "Courts: the Cafcass area that serves them" })
  @IsOptional()
  @IsUUID()
  cafcassAreaId?: string | null;
}

@InputType()
export class RegisterUserInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => String, { description: "The `sub` claim the organisation's issuer gives this person" })
  @IsString()
  @Length(1, 255)
  subject: string;

  @Field(() => String)
  @IsString()
  @Length(1, 200)
  displayName: string;

  @Field(() => String)
  @IsEmail()
  email: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  phone?: string | null;

  @Field(() => [Role])
  @ArrayMinSize(1)
  @ArrayUnique()
  roles: Role[];
}

@InputType({ description: "A machine client of an organisation: its system signs its own tokens with this key pair" })
export class RegisterServiceAccountInput {
  @Field(() => ID, { nullable: true, description: "Your own organisation when omitted (hub administrators may name any)" })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @Field(() => String, { description: 'What the audit trail calls it, e.g. "Northshire case management system"' })
  @IsString()
  @Length(3, 200)
  name: string;

  @Field(() => Role, { description: "One of the organisation's case roles; it sees what a person in that role would" })
  role: Role;

  @Field(() => [String], { defaultValue: ["ES256"], description: "Asymmetric algorithms it signs with" })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ALLOWED_ALGORITHMS as string[], { each: true })
  algorithms: string[];

  @Field(() => [String], { description: "Its public keys as PEM (SPKI) or JWK JSON text" })
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MaxLength(10_000, { each: true })
  publicKeys: string[];
}
