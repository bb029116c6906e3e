import { MigrationInterface, QueryRunner } from "typeorm";

export class ReviewsAssuranceChallenges1795836417254 implements MigrationInterface {
    name = 'ReviewsAssuranceChallenges1795836417254'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "review" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "held_on" date NOT NULL,
                "participants" text array NOT NULL,
                "spoke_to_child" boolean NOT NULL,
                "child_views" text,
                "plan_on_track" boolean NOT NULL,
                "concerns" text,
                "extra" boolean NOT NULL DEFAULT false,
                "recorded_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2e4299a343a81574217255c00ca" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_438e9f88cfd16420f9e6e20960" ON "review" ("child_id", "held_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "review_decision" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "review_id" uuid NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "description" text NOT NULL,
                "owner" text NOT NULL,
                "due_on" date NOT NULL,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_64e856d49c6dc05ed774dbb218e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_344de0f57f1b99afad28a42c42" ON "review_decision" ("child_id", "completed_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "looked_after_record" (
                "child_id" uuid NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "looked_after_since" date NOT NULL,
                "first_post_order_review_on" date,
                CONSTRAINT "PK_e59dc37a3c50aabd0bcdee90df9" PRIMARY KEY ("child_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "review_overdue_notice" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "child_id" uuid NOT NULL,
                "subject_id" uuid NOT NULL,
                "due_on" date NOT NULL,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3bffa9bd2c8cf3ed1ec13cfeb94" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_688b0ebf26e4eacd4558a10685" ON "review_overdue_notice" ("subject_id", "due_on")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."statement_status" AS ENUM('DRAFT', 'RELEASED')
        `);
        await queryRunner.query(`
            CREATE TABLE "assurance_statement" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "review_id" uuid NOT NULL,
                "held_on" date NOT NULL,
                "due_on" date NOT NULL,
                "held_on_time" boolean NOT NULL,
                "plan_on_track" boolean NOT NULL,
                "open_disputes" integer NOT NULL,
                "open_referrals" integer NOT NULL,
                "summary_for_court" text NOT NULL,
                "status" "public"."statement_status" NOT NULL DEFAULT 'DRAFT',
                "released_at" TIMESTAMP WITH TIME ZONE,
                "released_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_ba6009b40d0976817cae646f0a3" UNIQUE ("review_id"),
                CONSTRAINT "PK_8c9015133135311f6c278c72898" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0d62ceb8d90ed37d17ad241087" ON "assurance_statement" ("child_id", "held_on")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."dispute_status" AS ENUM('INFORMAL', 'FORMAL', 'RESOLVED')
        `);
        await queryRunner.query(`
            CREATE TABLE "dispute" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "concern" text NOT NULL,
                "raised_by_id" uuid NOT NULL,
                "status" "public"."dispute_status" NOT NULL,
                "formal_from" date,
                "resolution" text,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e2f1f4741f2094ce789b0a7c5b3" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c0653fc7fee381cd0df1f889cc" ON "dispute" ("child_id", "status")
        `);
        await queryRunner.query(`
            CREATE TABLE "dispute_stage" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dispute_id" uuid NOT NULL,
                "stage" text NOT NULL,
                "stage_order" integer NOT NULL,
                "responder_id" uuid NOT NULL,
                "started_on" date NOT NULL,
                "respond_by" date NOT NULL,
                "response" text,
                "resolved" boolean,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_a82c23039c94bf50bcd48c35042" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_fe598a5c92587b2b92e30f5f31" ON "dispute_stage" ("responder_id", "responded_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c8f8216a06da18afbb5f324507" ON "dispute_stage" ("dispute_id", "stage_order")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."referral_status" AS ENUM('PENDING', 'ACCEPTED', 'DECLINED', 'CLOSED')
        `);
        await queryRunner.query(`
            CREATE TABLE "cafcass_referral" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "reason" text NOT NULL,
                "raised_by_id" uuid NOT NULL,
                "status" "public"."referral_status" NOT NULL,
                "handled_by_id" uuid,
                "decline_reason" text,
                "guardian_id" uuid,
                "accepted_on" date,
                "decision_due_on" date,
                "decision" text,
                "decided_on" date,
                "outcome" text,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e4623d751d2452d6a3b1cbd6448" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5fa2cdc132349b037b60171d01" ON "cafcass_referral" ("child_id", "status")
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'REVIEW_RECORDED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'REVIEW_OVERDUE'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'REVIEW_DECISION_OVERDUE'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'ASSURANCE_STATEMENT_RELEASED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DISPUTE_CHANGED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DISPUTE_STAGE_OVERDUE'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'REFERRAL_CHANGED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'REFERRAL_DECISION_OVERDUE'
        `);
        await queryRunner.query(`
            ALTER TABLE "review"
            ADD CONSTRAINT "FK_53a29ca99a554b65e60f18fa869" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "review_decision"
            ADD CONSTRAINT "FK_e1f2f55cefb68a9d6718a629644" FOREIGN KEY ("review_id") REFERENCES "review"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "looked_after_record"
            ADD CONSTRAINT "FK_e59dc37a3c50aabd0bcdee90df9" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "assurance_statement"
            ADD CONSTRAINT "FK_ba6009b40d0976817cae646f0a3" FOREIGN KEY ("review_id") REFERENCES "review"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "dispute_stage"
            ADD CONSTRAINT "FK_ce9066055c9dffafe35bc9dadb7" FOREIGN KEY ("dispute_id") REFERENCES "dispute"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "dispute_stage" DROP CONSTRAINT "FK_ce9066055c9dffafe35bc9dadb7"
        `);
        await queryRunner.query(`
            ALTER TABLE "assurance_statement" DROP CONSTRAINT "FK_ba6009b40d0976817cae646f0a3"
        `);
        await queryRunner.query(`
            ALTER TABLE "looked_after_record" DROP CONSTRAINT "FK_e59dc37a3c50aabd0bcdee90df9"
        `);
        await queryRunner.query(`
            ALTER TABLE "review_decision" DROP CONSTRAINT "FK_e1f2f55cefb68a9d6718a629644"
        `);
        await queryRunner.query(`
            ALTER TABLE "review" DROP CONSTRAINT "FK_53a29ca99a554b65e60f18fa869"
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
                'DOCUMENT_WITHDRAWN',
                'LIAISON_RECORDED',
                'PROTOCOL_STEP_OVERDUE'
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
            DROP INDEX "public"."IDX_5fa2cdc132349b037b60171d01"
        `);
        await queryRunner.query(`
            DROP TABLE "cafcass_referral"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."referral_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c8f8216a06da18afbb5f324507"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_fe598a5c92587b2b92e30f5f31"
        `);
        await queryRunner.query(`
            DROP TABLE "dispute_stage"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c0653fc7fee381cd0df1f889cc"
        `);
        await queryRunner.query(`
            DROP TABLE "dispute"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."dispute_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0d62ceb8d90ed37d17ad241087"
        `);
        await queryRunner.query(`
            DROP TABLE "assurance_statement"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."statement_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_688b0ebf26e4eacd4558a10685"
        `);
        await queryRunner.query(`
            DROP TABLE "review_overdue_notice"
        `);
        await queryRunner.query(`
            DROP TABLE "looked_after_record"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_344de0f57f1b99afad28a42c42"
        `);
        await queryRunner.query(`
            DROP TABLE "review_decision"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_438e9f88cfd16420f9e6e20960"
        `);
        await queryRunner.query(`
            DROP TABLE "review"
        `);
    }

}
