import type { Knex } from 'knex';

// Gemeente isolation (issue #6): one gateway may serve several gemeenten. Every zaak, document and besluit belongs to
// one (the organisatie code; '' when isolation is off), and an identificatie is unique within its gemeente, so
// that a zender of one gemeente cannot even learn that another gemeente uses an identificatie.
const TABLES = ['zaak', 'document', 'besluit'];

export async function up(k: Knex): Promise<void> {
  for (const table of TABLES) {
    await k.schema.alterTable(table, (t) => {
      t.string('gemeente', 20).notNullable().defaultTo('');
    });
    await k.schema.alterTable(table, (t) => {
      t.dropUnique(['identificatie']);
      t.unique(['gemeente', 'identificatie']);
    });
  }
}

export async function down(k: Knex): Promise<void> {
  for (const table of TABLES) {
    await k.schema.alterTable(table, (t) => {
      t.dropUnique(['gemeente', 'identificatie']);
      t.unique(['identificatie']);
    });
    await k.schema.alterTable(table, (t) => t.dropColumn('gemeente'));
  }
}
