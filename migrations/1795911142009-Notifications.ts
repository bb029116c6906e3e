import { MigrationInterface, QueryRunner } from "typeorm";

// Notices and the email outbox; service accounts and organisation administrators (issue 13).
export class Notifications1795911142009 implements MigrationInterface {
  name = "Notifications1795911142009";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."notice_kind" AS ENUM('PAPER_DELIVERED', 'POST_ORDER_CHANGE', 'DISPUTE_STAGE_NAMES_YOU',
      'PROTOCOL_STEP_OVERDUE', 'REVIEW_OVERDUE', 'REVIEW_DECISION_OVERDUE', 'DISPUTE_STAGE_OVERDUE', 'REFERRAL_DECISION_OVERDUE', 'ASSURANCE_STATEMENT_RELEASED', 'DEADLINE_APPROACHING')`);
    await queryRunner.query(`CREATE TYPE "public"."notice_delivery" AS ENUM('IMMEDIATE', 'DAILY_DIGEST', 'OFF')`);
    await queryRunner.query(`CREATE TYPE "public"."email_status" AS ENUM('PENDING', 'SENT', 'FAILED')`);
    await queryRunner.query(`
      CREATE TABLE "notice" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "kind" "public"."notice_kind" NOT NULL,
        "dedupe_key" text NOT NULL,
        "case_event_id" bigint,
        "proceedings_id" uuid NOT NULL,
        "court_case_number" text NOT NULL,
        "child_id" uuid,
        "link" text NOT NULL,
        "due_on" date,
        "detail" text,
        "delivery" "public"."notice_delivery" NOT NULL,
        "email_id" uuid,
        "read_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_705062b14410ff1a04998f86d72" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_f132b266f7f1d8f118fc292a6b" ON "notice" ("user_id", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_72b92ed2d1e0e922bef86cf216" ON "notice" ("user_id", "dedupe_key")`);
    await queryRunner.query(`
      CREATE TABLE "notification_preference" (
        "user_id" uuid NOT NULL,
        "kind" "public"."notice_kind" NOT NULL,
        "delivery" "public"."notice_delivery" NOT NULL,
        CONSTRAINT "PK_0f7529aefc65bd035491bb755bf" PRIMARY KEY ("user_id", "kind")
      )`);
    await queryRunner.query(`
      CREATE TABLE "email_message" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "to_address" text NOT NULL,
        "subject" text NOT NULL,
        "text" text NOT NULL,
        "digest_on" date,
        "status" "public"."email_status" NOT NULL DEFAULT 'PENDING',
        "attempts" integer NOT NULL DEFAULT '0',
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "leased_until" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_9fe3a0a31f2ffe66dd976851792" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_268372bdb4cb36306ab4deb4f3" ON "email_message" ("user_id", "digest_on") WHERE "digest_on" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_1f206256cf3e319c6c8deb3d53" ON "email_message" ("status", "next_attempt_at")`);
    await queryRunner.query(`ALTER TABLE "hub_user" ADD "service_account" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TYPE "public"."role" ADD VALUE IF NOT EXISTS 'ORGANISATION_ADMIN'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: ORGANISATION_ADMIN stays in "role" (unused).
    await queryRunner.query(`ALTER TABLE "hub_user" DROP COLUMN "service_account"`);
    await queryRunner.query(`DROP TABLE "email_message"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP TABLE "notice"`);
    await queryRunner.query(`DROP TYPE "public"."email_status"`);
    await queryRunner.query(`DROP TYPE "public"."notice_delivery"`);
    await queryRunner.query(`DROP TYPE "public"."notice_kind"`);
  }
}
