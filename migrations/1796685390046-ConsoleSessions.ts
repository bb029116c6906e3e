import { MigrationInterface, QueryRunner } from "typeorm";

// Console sessions held by the hub (backend-for-frontend): the cookie's secret is stored only as
// its SHA-256; a row without a user is a sign-in in progress at an identity provider.

export class ConsoleSessions1796685390046 implements MigrationInterface {
    name = 'ConsoleSessions1796685390046'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "console_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "secret_hash" bytea NOT NULL,
                "user_id" uuid,
                "csrf_token" text NOT NULL,
                "method" text NOT NULL,
                "sign_in" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "end_reason" text,
                CONSTRAINT "PK_de017bbd4b96ce481ef2729ad1a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_25d7e549f50291f90e66153f06" ON "console_session" ("secret_hash")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_86396e1b9cdd87aa5e1e979bd6" ON "console_session" ("user_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_86396e1b9cdd87aa5e1e979bd6"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_25d7e549f50291f90e66153f06"
        `);
        await queryRunner.query(`
            DROP TABLE "console_session"
        `);
    }

}
