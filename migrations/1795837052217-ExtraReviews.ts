import { MigrationInterface, QueryRunner } from "typeorm";

export class ExtraReviews1795837052217 implements MigrationInterface {
    name = 'ExtraReviews1795837052217'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "looked_after_record"
            ADD "extra_review_requested_on" date
        `);
        await queryRunner.query(`
            ALTER TABLE "looked_after_record"
            ADD "extra_review_due_on" date
        `);
        await queryRunner.query(`
            ALTER TABLE "looked_after_record"
            ADD "extra_review_reason" text
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "looked_after_record" DROP COLUMN "extra_review_reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "looked_after_record" DROP COLUMN "extra_review_due_on"
        `);
        await queryRunner.query(`
            ALTER TABLE "looked_after_record" DROP COLUMN "extra_review_requested_on"
        `);
    }

}
