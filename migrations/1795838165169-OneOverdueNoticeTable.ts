import { MigrationInterface, QueryRunner } from "typeorm";

export class OneOverdueNoticeTable1795838165169 implements MigrationInterface {
    name = 'OneOverdueNoticeTable1795838165169'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Hand-added: the two per-module overdue tables give way to one shared notice table.
        // Their rows only said "an event was raised"; dropping them can at worst raise an
        // overdue event once more.
        await queryRunner.query(`DROP TABLE "protocol_overdue_notice"`);
        await queryRunner.query(`DROP TABLE "review_overdue_notice"`);
        await queryRunner.query(`
            CREATE TABLE "overdue_notice" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid,
                "kind" "public"."case_event_kind" NOT NULL,
                "subject_key" text NOT NULL,
                "due_on" date NOT NULL,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bd938845d142bfe1435bdee87f5" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_b83a1fb09fb51c3bd52ecb06ac" ON "overdue_notice" ("subject_key", "due_on")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b83a1fb09fb51c3bd52ecb06ac"
        `);
        await queryRunner.query(`
            DROP TABLE "overdue_notice"
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
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_688b0ebf26e4eacd4558a10685" ON "review_overdue_notice" ("subject_id", "due_on")`);
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
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6b817ac132b047d888a7b2f756" ON "protocol_overdue_notice" ("child_id", "step", "due_on")`);
    }

}
