import { MigrationInterface, QueryRunner } from 'typeorm';

export class DealRequestTaker1764230480000 implements MigrationInterface {
  name = 'DealRequestTaker1764230480000';

  async up(db: QueryRunner): Promise<void> {
    // The Bitrix24 user who pressed "Взять заявку": the deal is assigned to them.
    await db.query(`ALTER TABLE crm_sync.deal_requests ADD COLUMN taken_by_user text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE crm_sync.deal_requests DROP COLUMN taken_by_user`);
  }
}
