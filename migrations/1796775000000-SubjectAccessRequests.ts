import { MigrationInterface, QueryRunner } from "typeorm";

// Subject access requests a local authority received, and when each must be answered.
export class SubjectAccessRequests1796775000000 implements MigrationInterface {
    name = 'SubjectAccessRequests1796775000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."subject_kind" AS ENUM('CHILD', 'PERSON')
        `);
        await queryRunner.query(`
            CREATE TABLE "subject_access_request" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "subject_kind" "public"."subject_kind" NOT NULL,
                "child_id" uuid,
                "description" text NOT NULL,
                "received_on" date NOT NULL,
                "extended_months" integer NOT NULL DEFAULT '0',
                "extension_reason" text,
                "completed_on" date,
                "recorded_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3434d1114a0d8f615c1e8bae9c1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_56029614f70e2c47a9de999512" ON "subject_access_request" ("organisation_id", "completed_on")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_56029614f70e2c47a9de999512"
        `);
        await queryRunner.query(`
            DROP TABLE "subject_access_request"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."subject_kind"
        `);
    }

}
