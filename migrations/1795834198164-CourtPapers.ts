import { MigrationInterface, QueryRunner } from "typeorm";

export class CourtPapers1795834198164 implements MigrationInterface {
    name = 'CourtPapers1795834198164'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."document_type" AS ENUM(
                'C110A_APPLICATION',
                'SOCIAL_WORK_CHRONOLOGY',
                'SOCIAL_WORK_STATEMENT',
                'GENOGRAM',
                'THRESHOLD_DOCUMENT',
                'CASE_SUMMARY',
                'INTERIM_CARE_PLAN',
                'FINAL_CARE_PLAN',
                'FINAL_EVIDENCE',
                'POSITION_STATEMENT',
                'EXPERT_ASSESSMENT',
                'PARENTING_ASSESSMENT',
                'VIABILITY_ASSESSMENT',
                'STANDARD_DIRECTIONS',
                'CASE_MANAGEMENT_ORDER',
                'INTERIM_CARE_ORDER',
                'FINAL_ORDER',
                'JUDGMENT',
                'GUARDIAN_INITIAL_ANALYSIS',
                'GUARDIAN_FINAL_ANALYSIS'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."confidentiality" AS ENUM('OPEN', 'RESTRICTED')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."document_status" AS ENUM('ACTIVE', 'SUPERSEDED', 'WITHDRAWN')
        `);
        await queryRunner.query(`
            CREATE TABLE "court_document" (
                "id" uuid NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "type" "public"."document_type" NOT NULL,
                "title" text NOT NULL,
                "document_date" date NOT NULL,
                "child_ids" uuid array NOT NULL,
                "confidentiality" "public"."confidentiality" NOT NULL,
                "restricted_to" "public"."appointment_role" array,
                "filed_by_role" "public"."appointment_role" NOT NULL,
                "filed_by_id" uuid NOT NULL,
                "filed_by_organisation_id" uuid NOT NULL,
                "status" "public"."document_status" NOT NULL DEFAULT 'ACTIVE',
                "supersedes_id" uuid,
                "withdrawn_reason" text,
                "withdrawn_at" TIMESTAMP WITH TIME ZONE,
                "withdrawn_by_id" uuid,
                "file_name" text NOT NULL,
                "content_type" text NOT NULL,
                "size_bytes" bigint NOT NULL,
                "sha256" text NOT NULL,
                "storage_key" text NOT NULL,
                "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6cfbf31f937ac8044491987752a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_457cca392e184ecbcde5f3e9a9" ON "court_document" ("proceedings_id", "filed_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "paper_delivery" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "document_id" uuid NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "role" "public"."appointment_role" NOT NULL,
                "user_id" uuid,
                "organisation_id" uuid NOT NULL,
                "delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "delivered_on" date NOT NULL,
                "acknowledge_by" date NOT NULL,
                "reached_in_time" boolean NOT NULL,
                "read_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_by_id" uuid,
                CONSTRAINT "PK_23b9fc1faac3fff9762584da0fb" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f04ca250d8dfb91e02277b229a" ON "paper_delivery" ("organisation_id", "acknowledged_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7328cbad07668f545afbb6afa0" ON "paper_delivery" ("user_id", "acknowledged_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1d5f1b5beabb203f95adfa5b64" ON "paper_delivery" ("document_id", "role", "user_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."upload_slot_state" AS ENUM('PENDING', 'COMPLETED')
        `);
        await queryRunner.query(`
            CREATE TABLE "upload_slot" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "requested_by_id" uuid NOT NULL,
                "idempotency_key" text NOT NULL,
                "proceedings_id" uuid NOT NULL,
                "document_id" uuid NOT NULL,
                "request" jsonb NOT NULL,
                "state" "public"."upload_slot_state" NOT NULL DEFAULT 'PENDING',
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_061afe65e17862203614bda37e7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a3eaf641e9f9a2f2223cb1eb22" ON "upload_slot" ("requested_by_id", "idempotency_key")
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DOCUMENT_FILED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DOCUMENT_DELIVERED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DOCUMENT_ACKNOWLEDGED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DOCUMENT_SUPERSEDED'
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'DOCUMENT_WITHDRAWN'
        `);
        await queryRunner.query(`
            ALTER TABLE "court_document"
            ADD CONSTRAINT "FK_d087b6717518ee7a29885eb87e3" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "paper_delivery"
            ADD CONSTRAINT "FK_896085434d8043cc468700e08b5" FOREIGN KEY ("document_id") REFERENCES "court_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "paper_delivery" DROP CONSTRAINT "FK_896085434d8043cc468700e08b5"
        `);
        await queryRunner.query(`
            ALTER TABLE "court_document" DROP CONSTRAINT "FK_d087b6717518ee7a29885eb87e3"
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
                'POST_ORDER_CHANGE_ACKNOWLEDGED'
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
            DROP INDEX "public"."IDX_a3eaf641e9f9a2f2223cb1eb22"
        `);
        await queryRunner.query(`
            DROP TABLE "upload_slot"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."upload_slot_state"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1d5f1b5beabb203f95adfa5b64"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7328cbad07668f545afbb6afa0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f04ca250d8dfb91e02277b229a"
        `);
        await queryRunner.query(`
            DROP TABLE "paper_delivery"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_457cca392e184ecbcde5f3e9a9"
        `);
        await queryRunner.query(`
            DROP TABLE "court_document"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."document_status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."confidentiality"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."document_type"
        `);
    }

}
