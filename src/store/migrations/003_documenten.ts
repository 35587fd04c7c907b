import type { Knex } from 'knex';

// Documents (EDC) of zaken. Metadata in `document` (indexed columns + every EDC attribute as sent, JSON);
// content outside the metadata rows, in 1 MiB parts, so that a large document is written and read in bounded
// pieces and stays in the message's transaction (nothing half-stored, on SQLite and PostgreSQL alike).
export async function up(k: Knex): Promise<void> {
  await k.schema.createTable('document_inhoud', (t) => {
    t.increments('id');
    t.bigInteger('grootte').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('content_type', 100);
    t.string('bestandsnaam', 255);
    t.timestamp('aangemaakt_op').notNullable().defaultTo(k.fn.now());
  });
  await k.schema.createTable('document_inhoud_deel', (t) => {
    t.integer('inhoud_id').notNullable().references('document_inhoud.id').onDelete('CASCADE');
    t.integer('volgnummer').notNullable();
    t.binary('data').notNullable();
    t.primary(['inhoud_id', 'volgnummer']);
  });
  await k.schema.createTable('document', (t) => {
    t.increments('id');
    t.string('identificatie', 40).notNullable().unique();
    t.string('titel', 200);
    t.string('dct_omschrijving', 80);
    t.string('creatiedatum', 8);
    t.text('attributen').notNullable(); // JSON: every EDC attribute as sent except the content (XNode list)
    t.integer('inhoud_id').references('document_inhoud.id');
    t.integer('versie').notNullable().defaultTo(1);
    t.string('checked_out_id', 64);
    t.string('checked_out_by', 200);
    t.string('aangemaakt_door', 200);
    t.timestamp('aangemaakt_op').notNullable().defaultTo(k.fn.now());
    t.timestamp('gewijzigd_op').notNullable().defaultTo(k.fn.now());
  });
  // ZAKEDC / EDCZAK: the document is relevant for the zaak.
  await k.schema.createTable('zaak_document', (t) => {
    t.increments('id');
    t.integer('zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.integer('document_id').notNullable().references('document.id').onDelete('CASCADE');
    t.string('registratiedatum', 8).notNullable();
    t.text('node'); // JSON XNode of the relation element as sent (titel, beschrijving, metadata)
    t.unique(['zaak_id', 'document_id']);
    t.index(['document_id']);
  });
}

export async function down(k: Knex): Promise<void> {
  for (const t of ['zaak_document', 'document', 'document_inhoud_deel', 'document_inhoud']) await k.schema.dropTableIfExists(t);
}
