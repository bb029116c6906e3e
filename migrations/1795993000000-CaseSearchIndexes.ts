import { MigrationInterface, QueryRunner } from "typeorm";

// Written by hand (expression indexes): the case list's search finds cases by the start of a
// case number, a child's name or LA reference, whatever the case. Each is an index range scan on
// the lower-cased text (text_pattern_ops serves LIKE 'prefix%' in any collation), so a search
// reads only the matching rows, not every case a national manager may see.
const INDEXES: [string, string, string][] = [
  ["IDX_proceedings_case_number_search", "proceedings", "lower(court_case_number) text_pattern_ops"],
  ["IDX_child_given_name_search", "child", "lower(given_name) text_pattern_ops"],
  ["IDX_child_family_name_search", "child", "lower(family_name) text_pattern_ops"],
  ["IDX_child_full_name_search", "child", "lower(given_name || ' ' || family_name) text_pattern_ops"],
  ["IDX_child_la_reference_search", "child", "lower(la_reference) text_pattern_ops"],
];

export class CaseSearchIndexes1795993000000 implements MigrationInterface {
  name = "CaseSearchIndexes1795993000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table, expression] of INDEXES) await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" (${expression})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
  }
}
