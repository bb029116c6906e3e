import { MigrationInterface, QueryRunner } from "typeorm";

export class LiaisonAndCompliance1795835301291 implements MigrationInterface {
    name = 'LiaisonAndCompliance1795835301291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."liaison_method" AS ENUM('MEETING', 'CALL', 'EMAIL', 'REVIEW_ATTENDANCE')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."protocol_checklist_step" AS ENUM(
                'IRO_KNOWN_TO_COURT',
                'GUARDIAN_AND_IRO_INTRODUCED',
                'EARLY_CONTACT',
                'PAPERS_REACH_IRO',
                'CARE_PLAN_VIEWS_BEFORE_HEARINGS',
                'REVIEWS_IN_PROCEEDINGS',
                'OUTCOME_TO_IRO',
                'POST_ORDER_MONITORING'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."liaison_topic" AS ENUM(
                'CARE_PLAN',
                'PLACEMENT',
                'CONTACT',
                'CHILD_WISHES',
                'TIMETABLE',
                'DISAGREEMENT',
                'REVIEW_DATES',
                'REVIEW_CONTRIBUTION',
                'HANDOVER'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "liaison_record" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "occurred_on" date NOT NULL,
                "method" "public"."liaison_method" NOT NULL,
                "participants" text array NOT NULL,
                "protocol_step" "public"."protocol_checklist_step",
                "hearing_id" uuid,
                "topics" "public"."liaison_topic" array NOT NULL,
                "iro_views_on_care_plan" text,
                "guardian_views_on_care_plan" text,
                "concerns" text,
                "notes" text,
                "author_id" uuid NOT NULL,
                "author_role" "public"."appointment_role" NOT NULL,
                "corrects_id" uuid,
                "responds_to_id" uuid,
                "editable_until" TIMESTAMP WITH TIME ZONE NOT NULL,
                "confirmed_by_id" uuid,
                "confirmed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ef798f14748c0ef6287618dbd5f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9aa98a73a8b1591dc8c01fd221" ON "liaison_record" ("proceedings_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_701b77bf59afee2009e70abfd9" ON "liaison_record" ("child_id", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."action_owner" AS ENUM('IRO', 'GUARDIAN', 'SOCIAL_WORKER', 'LA_LEGAL')
        `);
        await queryRunner.query(`
            CREATE TABLE "liaison_action" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "liaison_id" uuid NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "description" text NOT NULL,
                "owner" "public"."action_owner" NOT NULL,
                "due_on" date NOT NULL,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "completed_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f3c27043bfc58f5a9ae72221cb4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3a88d2b7712edc7c38fdd7739a" ON "liaison_action" ("proceedings_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9689a7eae0ce53f4f9f1838457" ON "liaison_action" ("child_id", "completed_at")
        `);
        // (Edited: the generator created the shared protocol_checklist_step type twice.)
        await queryRunner.query(`
            CREATE TABLE "protocol_overdue_notice" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "step" "public"."protocol_checklist_step" NOT NULL,
                "due_on" date NOT NULL,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ae2cb5c376cb4764212b1ad00c9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6b817ac132b047d888a7b2f756" ON "protocol_overdue_notice" ("child_id", "step", "due_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "calendar_day" (
                "day" date NOT NULL,
                "is_working_day" boolean NOT NULL,
                "working_ordinal" integer NOT NULL,
                CONSTRAINT "PK_0f0fd32432f4e23544a28c0562b" PRIMARY KEY ("day")
            )
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'LIAISON_RECORDED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'PROTOCOL_STEP_OVERDUE'
        `);
        await queryRunner.query(`
            ALTER TABLE "liaison_record"
            ADD CONSTRAINT "FK_a45b951bced87b8aef4bab66ab6" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "liaison_action"
            ADD CONSTRAINT "FK_e711943022a324cedebf7990665" FOREIGN KEY ("liaison_id") REFERENCES "liaison_record"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "liaison_action" DROP CONSTRAINT "FK_e711943022a324cedebf7990665"
        `);
        await queryRunner.query(`
            ALTER TABLE "liaison_record" DROP CONSTRAINT "FK_a45b951bced87b8aef4bab66ab6"
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."case_event_kind_old" AS ENUM(
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
                'POST_ORDER_CHANGE_ACKNOWLEDGED',
                'DOCUMENT_FILED',
                'DOCUMENT_DELIVERED',
                'DOCUMENT_ACKNOWLEDGED',
                'DOCUMENT_SUPERSEDED',
                'DOCUMENT_WITHDRAWN'
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "case_event"
            ALTER COLUMN "kind" TYPE "public"."case_event_kind_old" USING "kind"::"text"::"public"."case_event_kind_old"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."case_event_kind"
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind_old"
            RENAME TO "case_event_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_day"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6b817ac132b047d888a7b2f756"
        `);
        await queryRunner.query(`
            DROP TABLE "protocol_overdue_notice"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9689a7eae0ce53f4f9f1838457"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3a88d2b7712edc7c38fdd7739a"
        `);
        await queryRunner.query(`
            DROP TABLE "liaison_action"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."action_owner"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_701b77bf59afee2009e70abfd9"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9aa98a73a8b1591dc8c01fd221"
        `);
        await queryRunner.query(`
            DROP TABLE "liaison_record"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."liaison_topic"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."protocol_checklist_step"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."liaison_method"
        `);
    }

}
