import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { ChildType, ProceedingsType, Proceedings, Child } from "../proceedings/proceedings.module";
import { ProtocolNoticeType } from "./protocol.types";
import { ProtocolNotice } from "./protocol-notice.entity";
import { AppointmentRole } from "../appointments/appointments.module";
import { noticeSentTo, noticesFor } from "./protocol.service";

@Resolver(() => ProtocolNoticeType)
export class ProtocolNoticeResolver {
  @FieldResolver(() => [AppointmentRole], { description: "Who the notice is for" })
  sentTo(@Root() n: ProtocolNotice) {
    return noticeSentTo(n.step);
  }

  @FieldResolver(() => ChildType)
  async child(@Root() n: ProtocolNotice, @Ctx() ctx: AuthorisedContext) {
    const children = await ctx.loaders.childrenByProceedings.load(n.proceedingsId);
    return children.find((c) => c.id === n.childId);
  }
}

@Resolver(() => ProceedingsType)
export class ProceedingsNoticesResolver {
  @FieldResolver(() => [ProtocolNoticeType], {
    description: "Protocol notices on the case that your role may read (step 1 for the court, step 2 for IRO and guardian)",
  })
  protocolNotices(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return noticesFor(ctx, p.id);
  }
}

@Resolver(() => ChildType)
export class ChildNoticesResolver {
  @FieldResolver(() => [ProtocolNoticeType])
  protocolNotices(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return noticesFor(ctx, c.proceedingsId, c.id);
  }
}
