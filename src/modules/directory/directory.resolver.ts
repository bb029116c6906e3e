import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { OrganisationKind } from "../../core/access/roles";
import { MeType, OrganisationType, ServiceAccountType, TrustedIssuerType, UserType } from "./directory.types";
import { RegisterOrganisationInput, RegisterServiceAccountInput, RegisterTrustedIssuerInput, RegisterUserInput } from "./directory.inputs";
import * as directory from "./directory.service";
import * as machines from "./service-accounts";
import { HubUser } from "./hub-user.entity";

@Resolver()
export class DirectoryResolver {
  @Query(() => MeType, { description: "Who the token signs in as" })
  @Policy(SIGNED_IN)
  me(@Ctx() ctx: AuthorisedContext) {
    return directory.me(ctx, ctx.principal);
  }

  @Query(() => [OrganisationType], { description: "The organisations the hub knows (no case data)" })
  @Policy(SIGNED_IN)
  organisations(@Ctx() ctx: AuthorisedContext, @Arg("kind", () => OrganisationKind, { nullable: true }) kind?: OrganisationKind) {
    return directory.listOrganisations(ctx).then((orgs) => (kind ? orgs.filter((o) => o.kind === kind) : orgs));
  }

  @Query(() => [UserType], { description: "Active users of your own organisation, e.g. the IROs a manager can appoint" })
  @Policy(Capability.LIST_COLLEAGUES)
  colleagues(@Ctx() ctx: AuthorisedContext) {
    return directory.listColleagues(ctx, ctx.principal);
  }

  @Query(() => [UserType], { description: "An organisation's users (hub administrators)" })
  @Policy(Capability.MANAGE_DIRECTORY)
  organisationUsers(@Ctx() ctx: AuthorisedContext, @Arg("organisationId", () => ID) organisationId: string) {
    return directory.listUsers(ctx, organisationId);
  }

  @Query(() => [TrustedIssuerType], { description: "The identity providers the hub trusts (hub administrators)" })
  @Policy(Capability.MANAGE_DIRECTORY)
  trustedIssuers(@Ctx() ctx: AuthorisedContext) {
    return directory.listTrustedIssuers(ctx);
  }

  @Mutation(() => TrustedIssuerType, { description: "Trust an organisation's identity provider" })
  @Policy(Capability.MANAGE_DIRECTORY)
  registerTrustedIssuer(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RegisterTrustedIssuerInput) input: RegisterTrustedIssuerInput) {
    return directory.registerTrustedIssuer(ctx, input);
  }

  @Mutation(() => OrganisationType)
  @Policy(Capability.MANAGE_DIRECTORY)
  registerOrganisation(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RegisterOrganisationInput) input: RegisterOrganisationInput) {
    return directory.registerOrganisation(ctx, input);
  }

  @Mutation(() => UserType)
  @Policy(Capability.MANAGE_DIRECTORY)
  registerUser(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RegisterUserInput) input: RegisterUserInput) {
    return directory.registerUser(ctx, input);
  }

  @Mutation(() => UserType, { description: "End a user's access at once, over HTTP and open WebSockets" })
  @Policy(Capability.MANAGE_DIRECTORY)
  deactivateUser(@Ctx() ctx: AuthorisedContext, @Arg("userId", () => ID) userId: string) {
    return directory.setUserActive(ctx, userId, false);
  }

  @Mutation(() => UserType)
  @Policy(Capability.MANAGE_DIRECTORY)
  reactivateUser(@Ctx() ctx: AuthorisedContext, @Arg("userId", () => ID) userId: string) {
    return directory.setUserActive(ctx, userId, true);
  }
}

const asServiceAccount = ({ user, issuer }: machines.ServiceAccountView): ServiceAccountType => ({
  id: user.id,
  name: user.displayName,
  role: user.roles[0],
  organisationId: user.organisationId,
  issuer: issuer.issuer,
  subject: user.subject,
  audience: issuer.audience,
  algorithms: issuer.algorithms,
  active: user.active,
  createdAt: user.createdAt,
});

@Resolver()
export class ServiceAccountsResolver {
  @Query(() => [ServiceAccountType], { description: "Your organisation's machine clients (hub administrators: any organisation's)" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  async serviceAccounts(@Ctx() ctx: AuthorisedContext, @Arg("organisationId", () => ID, { nullable: true }) organisationId?: string) {
    return (await machines.listServiceAccounts(ctx, organisationId)).map(asServiceAccount);
  }

  @Mutation(() => ServiceAccountType, { description: "Register a machine client with its public key; it then signs its own tokens" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  async registerServiceAccount(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RegisterServiceAccountInput) input: RegisterServiceAccountInput) {
    return asServiceAccount(await machines.registerServiceAccount(ctx, input));
  }

  @Mutation(() => ServiceAccountType, { description: "Replace its public keys: tokens signed with any other key are refused from now on" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  async rotateServiceAccountKeys(
    @Ctx() ctx: AuthorisedContext,
    @Arg("id", () => ID) id: string,
    @Arg("publicKeys", () => [String]) publicKeys: string[],
    @Arg("algorithms", () => [String], { defaultValue: ["ES256"] }) algorithms: string[],
  ) {
    return asServiceAccount(await machines.rotateServiceAccountKeys(ctx, id, publicKeys, algorithms));
  }

  @Mutation(() => ServiceAccountType, { description: "End (or restore) its access at once" })
  @Policy(Capability.MANAGE_INTEGRATIONS)
  async setServiceAccountActive(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string, @Arg("active", () => Boolean) active: boolean) {
    return asServiceAccount(await machines.setServiceAccountActive(ctx, id, active));
  }
}

@Resolver(() => UserType)
export class UserFieldsResolver {
  @FieldResolver(() => OrganisationType)
  organisation(@Root() user: HubUser, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.organisationById.load(user.organisationId);
  }
}
