import { Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import { AttentionItem, AttentionKind } from "../../core/attention";

@ObjectType("AttentionItem", { description: "Something that waits for you, and how much of it is overdue" })
class AttentionItemType {
  @Field(() => AttentionKind) kind: AttentionKind;
  @Field(() => Int) count: number;
  @Field(() => Int, { description: "Past its date (0 where it has none)" }) overdue: number;
}

@Resolver()
export class AttentionResolver {
  @Query(() => [AttentionItemType], {
    description: "What waits for you, whatever your role: each module's answer, in the modules' order; an empty list when nothing does",
  })
  @Policy(SIGNED_IN)
  async needsMyAttention(@Ctx() ctx: AuthorisedContext): Promise<AttentionItem[]> {
    const answers = await Promise.all(ctx.runtime.modules.map((m) => m.attentionItems?.(ctx) ?? Promise.resolve([])));
    return answers.flat();
  }
}
