import { IsUUID } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";

@InputType({ description: "Appoint a person to a child's case" })
export class AppointPersonInput {
  @Field(() => ID)
  childId: string;

  @Field(() => ID, { description: "The person appointed: a user of your own organisation with the right role" })
  @IsUUID()
  userId: string;

  @Field(() => LocalDateScalar, { description: "First day of the appointment" })
  startsOn: string;
}

@InputType()
export class EndAppointmentInput {
  @Field(() => ID)
  appointmentId: string;

  @Field(() => LocalDateScalar, { description: "Last day of the appointment" })
  endsOn: string;
}
