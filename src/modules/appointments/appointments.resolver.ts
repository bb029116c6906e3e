import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { OrganisationType, PersonType } from "../directory/directory.module";
import { ChildType, ProceedingsType, Proceedings, Child } from "../proceedings/proceedings.module";
import { Appointment, isCurrent } from "./appointment.entity";
import { PartyType } from "./appointments.types";
import { AppointPersonInput, EndAppointmentInput } from "./appointments.inputs";
import * as service from "./appointments.service";

@Resolver(() => PartyType)
export class AppointmentsResolver {
  @Mutation(() => PartyType, {
    description: "Appoint an IRO of your service to a child; the court is sent the IRO's name and contact details",
  })
  @Policy(Capability.APPOINT_IRO)
  appointIro(@Ctx() ctx: AuthorisedContext, @Arg("input", () => AppointPersonInput) input: AppointPersonInput) {
    return service.appointIro(ctx, input);
  }

  @Mutation(() => PartyType, { description: "Allocate a guardian of your Cafcass area; the guardian and the IRO are introduced" })
  @Policy(Capability.ALLOCATE_GUARDIAN)
  allocateGuardian(@Ctx() ctx: AuthorisedContext, @Arg("input", () => AppointPersonInput) input: AppointPersonInput) {
    return service.allocateGuardian(ctx, input);
  }

  @Mutation(() => PartyType, { description: "Allocate a social worker of your local authority to a child" })
  @Policy(Capability.ALLOCATE_SOCIAL_WORKER)
  allocateSocialWorker(@Ctx() ctx: AuthorisedContext, @Arg("input", () => AppointPersonInput) input: AppointPersonInput) {
    return service.allocateSocialWorker(ctx, input);
  }

  @Mutation(() => PartyType, { description: "End an appointment; the person loses sight of the case the day after endsOn" })
  @Policy(Capability.END_APPOINTMENT)
  endAppointment(@Ctx() ctx: AuthorisedContext, @Arg("input", () => EndAppointmentInput) input: EndAppointmentInput) {
    return service.endAppointment(ctx, input);
  }

  @FieldResolver(() => PersonType, { nullable: true, description: "Null when an organisation is on the case as a whole" })
  person(@Root() a: Appointment, @Ctx() ctx: AuthorisedContext) {
    return a.userId ? ctx.loaders.userById.load(a.userId) : null;
  }

  @FieldResolver(() => OrganisationType)
  organisation(@Root() a: Appointment, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.organisationById.load(a.organisationId);
  }

  @FieldResolver(() => ChildType, { nullable: true })
  async child(@Root() a: Appointment, @Ctx() ctx: AuthorisedContext) {
    if (!a.childId) return null;
    const children = await ctx.loaders.childrenByProceedings.load(a.proceedingsId);
    return children.find((c) => c.id === a.childId) ?? null;
  }

  @FieldResolver(() => Boolean, { description: "Whether the appointment runs today" })
  current(@Root() a: Appointment, @Ctx() ctx: AuthorisedContext) {
    return isCurrent(a, ctx.today());
  }
}

@Resolver(() => ProceedingsType)
export class ProceedingsPartiesResolver {
  @FieldResolver(() => [PartyType], { description: "Everyone who is or was on the case, and in which role" })
  parties(@Root() p: Proceedings, @Ctx() ctx: AuthorisedContext) {
    return service.partiesOf(ctx, p.id);
  }
}

@Resolver(() => ChildType)
export class ChildPartiesResolver {
  @FieldResolver(() => [PartyType], { description: "The child's IRO, guardian and social worker, past and present, and the case's organisations" })
  parties(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return service.partiesOf(ctx, c.proceedingsId, c.id);
  }
}
