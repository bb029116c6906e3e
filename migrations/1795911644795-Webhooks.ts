import { MigrationInterface, QueryRunner } from "typeorm";

export class Webhooks1795911644795 implements MigrationInterface {
    name = 'Webhooks1795911644795'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."webhook_status" AS ENUM('ACTIVE', 'PAUSED')
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_endpoint" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "url" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "kinds" "public"."case_event_kind" array NOT NULL DEFAULT '{}',
                "secret" text NOT NULL,
                "status" "public"."webhook_status" NOT NULL DEFAULT 'ACTIVE',
                "paused_reason" text,
                "consecutive_failures" integer NOT NULL DEFAULT '0',
                "cursor_tx_id" bigint NOT NULL,
                "cursor_id" bigint NOT NULL,
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "leased_until" TIMESTAMP WITH TIME ZONE,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6c98112122b2b8a4f3984d2efa8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_delivery" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "endpoint_id" uuid NOT NULL,
                "case_event_id" bigint NOT NULL,
                "kind" "public"."case_event_kind" NOT NULL,
                "message_id" text NOT NULL,
                "succeeded" boolean NOT NULL,
                "status_code" integer,
                "error" text,
                "duration_ms" integer NOT NULL,
                "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_34cfc4785f74b9d59b2fda777e" ON "webhook_delivery" ("endpoint_id", "attempted_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_34cfc4785f74b9d59b2fda777e"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_delivery"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_endpoint"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."webhook_status"
        `);
    }

}
