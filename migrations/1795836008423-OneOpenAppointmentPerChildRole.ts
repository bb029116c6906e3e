import { MigrationInterface, QueryRunner } from "typeorm";

export class OneOpenAppointmentPerChildRole1795836008423 implements MigrationInterface {
    name = 'OneOpenAppointmentPerChildRole1795836008423'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_appointment_open_per_child_role" ON "appointment" ("child_id", "role")
            WHERE ends_on IS NULL
                AND child_id IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."UQ_appointment_open_per_child_role"
        `);
    }

}
