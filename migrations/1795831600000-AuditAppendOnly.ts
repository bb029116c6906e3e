import { MigrationInterface, QueryRunner } from "typeorm";

// Written by hand: TypeORM does not model triggers. The audit trail must be append-only in
// the database itself, not merely by the application's good manners, so that even a hub bug
// or a mistaken console session cannot rewrite who saw a child's records.
export class AuditAppendOnly1795831600000 implements MigrationInterface {
  name = "AuditAppendOnly1795831600000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_update_delete
      BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_truncate
      BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entry_no_truncate ON audit_entry`);
    await queryRunner.query(`DROP TRIGGER audit_entry_no_update_delete ON audit_entry`);
    await queryRunner.query(`DROP FUNCTION audit_entry_refuse_change()`);
  }
}
