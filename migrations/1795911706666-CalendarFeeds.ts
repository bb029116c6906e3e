import { MigrationInterface, QueryRunner } from "typeorm";

export class CalendarFeeds1795911706666 implements MigrationInterface {
    name = 'CalendarFeeds1795911706666'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "calendar_feed" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_sha256" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "last_fetched_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_ba78bdd302dddeceef67747025c" UNIQUE ("token_sha256"),
                CONSTRAINT "PK_24c0b9c80e4a4ac8752d854bc2e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9c200e353013fcc76db4044655" ON "calendar_feed" ("user_id")
            WHERE "revoked_at" IS NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9c200e353013fcc76db4044655"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_feed"
        `);
    }

}
