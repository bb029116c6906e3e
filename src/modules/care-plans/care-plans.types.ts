import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { CarePlanStatus } from "./care-plan-version.entity";

@ObjectType("CarePlanSections")
export class CarePlanSectionsType {
  @Field(() => String) placement: string;
  @Field(() => String) contact: string;
  @Field(() => String) permanence: string;
  @Field(() => String) education: string;
  @Field(() => String) health: string;
  @Field(() => String, { description: "The child's wishes and feelings" }) wishesAndFeelings: string;
}

@ObjectType("CarePlanVersion", { description: "One version of a child's care plan; versions are never changed" })
export class CarePlanVersionType {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  version: number;

  @Field(() => CarePlanStatus)
  status: CarePlanStatus;

  @Field(() => CarePlanSectionsType)
  sections: CarePlanSectionsType;

  @Field(() => String, { description: "What changed and why" })
  changeSummary: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  authorId: string;
  childId: string;
}

@ObjectType("CarePlanSectionDifference")
export class SectionDifferenceType {
  @Field(() => String)
  section: string;

  @Field(() => String, { nullable: true })
  before: string | null;

  @Field(() => String, { nullable: true })
  after: string | null;

  @Field(() => Boolean)
  changed: boolean;
}

@ObjectType("CarePlanDiff", { description: "What changed between two versions, section by section" })
export class CarePlanDiffType {
  @Field(() => CarePlanVersionType)
  from: CarePlanVersionType;

  @Field(() => CarePlanVersionType)
  to: CarePlanVersionType;

  @Field(() => Boolean)
  statusChanged: boolean;

  @Field(() => [SectionDifferenceType])
  sections: SectionDifferenceType[];
}
