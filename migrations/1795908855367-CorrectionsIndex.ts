import { MigrationInterface, QueryRunner } from "typeorm";

export class CorrectionsIndex1795908855367 implements MigrationInterface {
    name = 'CorrectionsIndex1795908855367'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "IDX_d8d176451b1d6b8b8956d865b0" ON "liaison_record" ("corrects_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d8d176451b1d6b8b8956d865b0"
        `);
    }

}
