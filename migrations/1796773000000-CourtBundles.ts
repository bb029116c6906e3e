import { MigrationInterface, QueryRunner } from "typeorm";

// Court bundles (FPR PD27A) for hearings, built by the hub from the filed papers and filed as a
// COURT_BUNDLE paper.
export class CourtBundles1796773000000 implements MigrationInterface {
    name = 'CourtBundles1796773000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."bundle_status" AS ENUM('DRAFT', 'QUEUED', 'BUILDING', 'BUILT', 'FAILED')
        `);
        await queryRunner.query(`
            CREATE TABLE "court_bundle" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "hearing_id" uuid NOT NULL,
                "status" "public"."bundle_status" NOT NULL DEFAULT 'DRAFT',
                "version" integer NOT NULL DEFAULT '1',
                "direction_pages" integer,
                "direction_note" text,
                "progress_done" integer NOT NULL DEFAULT '0',
                "progress_total" integer NOT NULL DEFAULT '0',
                "failure" text,
                "page_count" integer,
                "document_id" uuid,
                "created_by_id" uuid NOT NULL,
                "requested_by_id" uuid,
                "built_at" TIMESTAMP WITH TIME ZONE,
                "leased_until" TIMESTAMP WITH TIME ZONE,
                "lease_token" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_958139290ab967033fe98837d71" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_83d1f2f9b030348eeccdb133d7" ON "court_bundle" ("hearing_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."bundle_section" AS ENUM('A', 'B', 'C', 'D', 'E', 'F')
        `);
        await queryRunner.query(`
            CREATE TABLE "court_bundle_item" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "bundle_id" uuid NOT NULL,
                "document_id" uuid NOT NULL,
                "section" "public"."bundle_section" NOT NULL,
                "position" integer NOT NULL,
                "late" boolean NOT NULL DEFAULT false,
                "included" boolean,
                "not_included_reason" text,
                "first_page" text,
                "last_page" text,
                "pages" integer,
                CONSTRAINT "PK_4a7e1ec8884884991c7827fcf36" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_2f4fea4b80a8fed26d516b7b6d" ON "court_bundle_item" ("bundle_id", "document_id")
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0e5769cbcecfaa246fc60801e6"
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."document_type"
            ADD VALUE 'COURT_BUNDLE'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0e5769cbcecfaa246fc60801e6" ON "court_document" ("proceedings_id", "type")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0e5769cbcecfaa246fc60801e6"
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."document_type_old" AS ENUM(
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
            ALTER TABLE "court_document"
            ALTER COLUMN "type" TYPE "public"."document_type_old" USING "type"::"text"::"public"."document_type_old"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."document_type"
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."document_type_old"
            RENAME TO "document_type"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0e5769cbcecfaa246fc60801e6" ON "court_document" USING btree ("proceedings_id", "type")
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2f4fea4b80a8fed26d516b7b6d"
        `);
        await queryRunner.query(`
            DROP TABLE "court_bundle_item"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."bundle_section"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_83d1f2f9b030348eeccdb133d7"
        `);
        await queryRunner.query(`
            DROP TABLE "court_bundle"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."bundle_status"
        `);
    }

}
