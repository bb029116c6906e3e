import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { HubContext } from "../../core/context";
import { Policy, PUBLIC } from "../../core/access/policy";
import { DemoSessionType, SignInOptionsType } from "./sign-in.types";
import * as service from "./sign-in.service";

@Resolver()
export class SignInResolver {
  @Query(() => SignInOptionsType, { description: "What the console's sign-in page offers (no token needed)" })
  @Policy(PUBLIC)
  signInOptions(@Ctx() ctx: HubContext) {
    return service.signInOptions(ctx);
  }

  @Mutation(() => DemoSessionType, { description: "Development only: a token for a demo user, while the hub trusts its development issuer" })
  @Policy(PUBLIC)
  signInAsDemoUser(@Ctx() ctx: HubContext, @Arg("subject", () => String) subject: string) {
    return service.signInAsDemoUser(ctx, subject);
  }
}
