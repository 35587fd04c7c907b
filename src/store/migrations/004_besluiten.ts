import type { Knex } from 'knex';

// Besluiten (BSL): the outcome of a zaak (BSLZAK isUitkomstVan / ZAKBSL leidtTot), laid down in documents
// (BSLEDC isVastgelegdIn). Every BSL attribute as sent is kept in `attributen` (JSON), as for zaken and documents.
export async function up(k: Knex): Promise<void> {
  await k.schema.createTable('besluit', (t) => {
    t.increments('id');
    t.string('identificatie', 40).notNullable().unique();
    t.integer('zaak_id').references('zaak.id').onDelete('CASCADE');
    t.string('datum_beslissing', 8);
    t.text('attributen').notNullable();
    t.integer('versie').notNullable().defaultTo(1);
    t.string('aangemaakt_door', 200);
    t.timestamp('aangemaakt_op').notNullable().defaultTo(k.fn.now());
    t.timestamp('gewijzigd_op').notNullable().defaultTo(k.fn.now());
    t.index(['zaak_id']);
  });
  await k.schema.createTable('besluit_document', (t) => {
    t.integer('besluit_id').notNullable().references('besluit.id').onDelete('CASCADE');
    t.integer('document_id').notNullable().references('document.id').onDelete('CASCADE');
    t.primary(['besluit_id', 'document_id']);
  });
}

export async function down(k: Knex): Promise<void> {
  for (const t of ['besluit_document', 'besluit']) await k.schema.dropTableIfExists(t);
}
