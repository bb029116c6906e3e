import { MigrationInterface, QueryRunner } from "typeorm";

export class OneOpenReferralPerChild1795837295369 implements MigrationInterface {
    name = 'OneOpenReferralPerChild1795837295369'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TYPE "public"."case_event_kind"
            ADD VALUE 'REVIEW_SCHEDULE_CHANGED'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_cafcass_referral_open_per_child" ON "cafcass_referral" ("child_id")
            WHERE status IN ('PENDING', 'ACCEPTED')
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."UQ_cafcass_referral_open_per_child"
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
                'PROTOCOL_STEP_OVERDUE',
                'REVIEW_RECORDED',
                'REVIEW_OVERDUE',
                'REVIEW_DECISION_OVERDUE',
                'ASSURANCE_STATEMENT_RELEASED',
                'DISPUTE_CHANGED',
                'DISPUTE_STAGE_OVERDUE',
                'REFERRAL_CHANGED',
                'REFERRAL_DECISION_OVERDUE'
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
    }

}
