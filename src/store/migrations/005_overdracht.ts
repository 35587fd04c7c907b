import type { Knex } from 'knex';

// overdragenZaak (ZDS12 §4.2.1): every request to take a zaak over and every answer to one is kept as the zaak's
// transfer history; `zaak.beheerder` is the system (organisatie/applicatie) responsible for the zaak after an
// accepted transfer (null: this zaaksysteem).
export async function up(k: Knex): Promise<void> {
  await k.schema.createTable('zaak_overdracht', (t) => {
    t.increments('id');
    t.integer('zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.string('soort', 10).notNullable(); // verzoek (Di01 received) | antwoord (Du01 received)
    t.string('uitkomst', 30); // Overdracht geaccepteerd | Overdracht geweigerd (antwoord)
    t.string('zender', 400).notNullable();
    t.string('referentienummer', 80);
    t.string('cross_refnummer', 80);
    t.text('melding');
    t.timestamp('ontvangen_op').notNullable().defaultTo(k.fn.now());
    t.index(['zaak_id']);
  });
  await k.schema.alterTable('zaak', (t) => {
    t.string('beheerder', 400);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable('zaak', (t) => t.dropColumn('beheerder'));
  await k.schema.dropTableIfExists('zaak_overdracht');
}
