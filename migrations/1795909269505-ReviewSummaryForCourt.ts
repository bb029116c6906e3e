import { MigrationInterface, QueryRunner } from "typeorm";

export class ReviewSummaryForCourt1795909269505 implements MigrationInterface {
    name = 'ReviewSummaryForCourt1795909269505'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "review"
            ADD "summary_for_court" text
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "review" DROP COLUMN "summary_for_court"
        `);
    }

}
