import { MigrationInterface, QueryRunner } from "typeorm";

// Written by hand (triggers): every hub process remembers verified tokens for a while, with the
// principal built from the user, their organisation and its issuer. Whatever changes those rows,
// through the API or straight in the database, tells every process (hub_principals_changed: a
// user's id, or nothing for "everyone") to forget the principals built from them at once.
export class PrincipalsChanged1795992000000 implements MigrationInterface {
  name = "PrincipalsChanged1795992000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION principals_changed_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hub_principals_changed', coalesce(OLD.id, NEW.id)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION principals_changed_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hub_principals_changed', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "principals_changed_user" AFTER UPDATE OR DELETE ON "hub_user" FOR EACH ROW EXECUTE FUNCTION principals_changed_user()`,
    );
    for (const table of ["hub_user", "organisation", "trusted_issuer"]) {
      const events = table === "hub_user" ? "TRUNCATE" : "UPDATE OR DELETE OR TRUNCATE";
      await queryRunner.query(`CREATE TRIGGER "principals_changed_${table}_all" AFTER ${events} ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION principals_changed_all()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["hub_user", "organisation", "trusted_issuer"]) await queryRunner.query(`DROP TRIGGER "principals_changed_${table}_all" ON "${table}"`);
    await queryRunner.query(`DROP TRIGGER "principals_changed_user" ON "hub_user"`);
    await queryRunner.query(`DROP FUNCTION principals_changed_all()`);
    await queryRunner.query(`DROP FUNCTION principals_changed_user()`);
  }
}
