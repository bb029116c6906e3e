import { Field, ID, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { AppointmentRole } from "./appointment.entity";

@ObjectType("Party", { description: "Someone on a case in a role, from startsOn to endsOn" })
export class PartyType {
  @Field(() => ID)
  id: string;

  @Field(() => AppointmentRole)
  role: AppointmentRole;

  @Field(() => LocalDateScalar)
  startsOn: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of the appointment; null while it runs" })
  endsOn: string | null;

  proceedingsId: string;
  childId: string | null;
  userId: string | null;
  organisationId: string;
}
