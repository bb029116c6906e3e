import { MigrationInterface, QueryRunner } from "typeorm";

export class CarePlansOutcomesEvents1795832994252 implements MigrationInterface {
    name = 'CarePlansOutcomesEvents1795832994252'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Hand-added: the writing transaction's id, for the event cursor (see case-event.entity.ts).
        // A function rather than an inline cast, so TypeORM's drift check can compare the default.
        await queryRunner.query(`
            CREATE FUNCTION case_event_tx_id() RETURNS bigint LANGUAGE sql VOLATILE
            AS $$ SELECT (pg_current_xact_id())::text::bigint $$
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."case_event_kind" AS ENUM(
                'PROCEEDINGS_REGISTERED',
                'CHILD_ADDED',
                'HEARING_RECORDED',
                'TIMETABLE_EXTENDED',
                'APPOINTMENT_MADE',
                'APPOINTMENT_ENDED',
                'PROTOCOL_NOTICE_SENT',
                'CARE_PLAN_VERSION_RECORDED',
                'FINAL_OUTCOME_RECORDED',
                'PROCEEDINGS_CLOSED',
                'SIGNIFICANT_EVENT_RECORDED',
                'POST_ORDER_CHANGE_RAISED',
                'POST_ORDER_CHANGE_ACKNOWLEDGED'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "case_event" (
                "id" BIGSERIAL NOT NULL,
                "tx_id" bigint NOT NULL DEFAULT case_event_tx_id(),
                "kind" "public"."case_event_kind" NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid,
                "subject_id" uuid,
                "audience" "public"."role" array NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5b6e18b2d4fd178711a2269645e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c513616d7b1fa029c1740de85f" ON "case_event" ("proceedings_id", "tx_id", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5799e8cc543c3651abf534e2ef" ON "case_event" ("tx_id", "id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."care_plan_status" AS ENUM('INTERIM', 'FINAL', 'POST_ORDER')
        `);
        await queryRunner.query(`
            CREATE TABLE "care_plan_version" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "status" "public"."care_plan_status" NOT NULL,
                "sections" jsonb NOT NULL,
                "change_summary" text NOT NULL,
                "author_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bddec7fe66e3c09e77536255fda" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1a37372544ca3d6f851706b3bb" ON "care_plan_version" ("child_id", "version")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."order_type" AS ENUM(
                'CARE_ORDER',
                'PLACEMENT_ORDER',
                'SPECIAL_GUARDIANSHIP_ORDER',
                'SUPERVISION_ORDER',
                'CHILD_ARRANGEMENTS_ORDER',
                'NO_ORDER'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "final_outcome" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "order_type" "public"."order_type" NOT NULL,
                "order_date" date NOT NULL,
                "approved_care_plan_version_id" uuid,
                "court_recommendations" text,
                "recorded_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ad60c772358cf3c944b47cfac37" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ad08066a1d58a87bbef14b2c74" ON "final_outcome" ("proceedings_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8f9f03ac1b8e5ae002defd3fd5" ON "final_outcome" ("child_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."significant_event_kind" AS ENUM(
                'PROPOSED_CARE_PLAN_CHANGE',
                'REVIEW_DECISION_NOT_CARRIED_OUT',
                'CONTACT_CHANGE',
                'SOCIAL_WORKER_CHANGE',
                'SAFEGUARDING_CONCERN',
                'COMPLAINT',
                'PLACEMENT_CHANGE',
                'BIRTH_FAMILY_CHANGE',
                'OFFENCE_CHARGED',
                'SCHOOL_EXCLUSION',
                'MISSING_FROM_PLACEMENT',
                'HEALTH_EVENT',
                'PERMANENCE_DECISION'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "significant_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "kind" "public"."significant_event_kind" NOT NULL,
                "occurred_on" date NOT NULL,
                "summary" text NOT NULL,
                "changes_plan" boolean NOT NULL,
                "recorded_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_032f7254a4d8a95aa704ca7d103" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9e7717b37a506ec721dd14e705" ON "significant_event" ("child_id", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "post_order_change" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "care_plan_version_id" uuid,
                "significant_event_id" uuid,
                "raised_on" date NOT NULL,
                "acknowledge_by" date NOT NULL,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_46b0ecea94f9635a8f9c8a0db5d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e06ca626311f68bf77f939be26" ON "post_order_change" ("child_id", "raised_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "post_order_change_recipient" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "change_id" uuid NOT NULL,
                "role" "public"."appointment_role" NOT NULL,
                "user_id" uuid,
                "organisation_id" uuid NOT NULL,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_by_id" uuid,
                CONSTRAINT "PK_bc26d33f7e3e29b47770b7fa3f9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ef1935610d8d4ed6538bf93287" ON "post_order_change_recipient" ("organisation_id", "acknowledged_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_603ee3011b153ef6e7f1a84afd" ON "post_order_change_recipient" ("user_id", "acknowledged_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_2b8f17f0e9f0e49117c5ae0724" ON "post_order_change_recipient" ("change_id", "role")
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_version"
            ADD CONSTRAINT "FK_a0fee423e99e78428a21084cd3f" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "final_outcome"
            ADD CONSTRAINT "FK_ad08066a1d58a87bbef14b2c745" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "final_outcome"
            ADD CONSTRAINT "FK_8f9f03ac1b8e5ae002defd3fd5f" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "final_outcome"
            ADD CONSTRAINT "FK_87cc085c1ac4503a447bd5c9ed0" FOREIGN KEY ("approved_care_plan_version_id") REFERENCES "care_plan_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "significant_event"
            ADD CONSTRAINT "FK_2e59b98039a1a041b8a9089b2aa" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change"
            ADD CONSTRAINT "FK_ad232c021dda3d8f4e9b38a54dc" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change"
            ADD CONSTRAINT "FK_a2050ade77e6c86b236bf22dc27" FOREIGN KEY ("care_plan_version_id") REFERENCES "care_plan_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change"
            ADD CONSTRAINT "FK_9e722e3c5b5d48227b7a2d03204" FOREIGN KEY ("significant_event_id") REFERENCES "significant_event"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change_recipient"
            ADD CONSTRAINT "FK_a9a2f82b09cdb9be6a44c01ae34" FOREIGN KEY ("change_id") REFERENCES "post_order_change"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "post_order_change_recipient" DROP CONSTRAINT "FK_a9a2f82b09cdb9be6a44c01ae34"
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change" DROP CONSTRAINT "FK_9e722e3c5b5d48227b7a2d03204"
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change" DROP CONSTRAINT "FK_a2050ade77e6c86b236bf22dc27"
        `);
        await queryRunner.query(`
            ALTER TABLE "post_order_change" DROP CONSTRAINT "FK_ad232c021dda3d8f4e9b38a54dc"
        `);
        await queryRunner.query(`
            ALTER TABLE "significant_event" DROP CONSTRAINT "FK_2e59b98039a1a041b8a9089b2aa"
        `);
        await queryRunner.query(`
            ALTER TABLE "final_outcome" DROP CONSTRAINT "FK_87cc085c1ac4503a447bd5c9ed0"
        `);
        await queryRunner.query(`
            ALTER TABLE "final_outcome" DROP CONSTRAINT "FK_8f9f03ac1b8e5ae002defd3fd5f"
        `);
        await queryRunner.query(`
            ALTER TABLE "final_outcome" DROP CONSTRAINT "FK_ad08066a1d58a87bbef14b2c745"
        `);
        await queryRunner.query(`
            ALTER TABLE "care_plan_version" DROP CONSTRAINT "FK_a0fee423e99e78428a21084cd3f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2b8f17f0e9f0e49117c5ae0724"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_603ee3011b153ef6e7f1a84afd"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ef1935610d8d4ed6538bf93287"
        `);
        await queryRunner.query(`
            DROP TABLE "post_order_change_recipient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e06ca626311f68bf77f939be26"
        `);
        await queryRunner.query(`
            DROP TABLE "post_order_change"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9e7717b37a506ec721dd14e705"
        `);
        await queryRunner.query(`
            DROP TABLE "significant_event"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."significant_event_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8f9f03ac1b8e5ae002defd3fd5"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ad08066a1d58a87bbef14b2c74"
        `);
        await queryRunner.query(`
            DROP TABLE "final_outcome"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."order_type"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1a37372544ca3d6f851706b3bb"
        `);
        await queryRunner.query(`
            DROP TABLE "care_plan_version"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."care_plan_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5799e8cc543c3651abf534e2ef"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c513616d7b1fa029c1740de85f"
        `);
        await queryRunner.query(`
            DROP TABLE "case_event"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."case_event_kind"
        `);
        await queryRunner.query(`DROP FUNCTION case_event_tx_id()`);
    }

}
