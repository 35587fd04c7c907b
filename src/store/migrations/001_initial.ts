import type { Knex } from 'knex';

// Zaken with their relations. Columns hold what is selected, sorted or indexed; `attributen`/`node` hold
// the full StUF content (JSON) so that every attribute the XSD carries round-trips into answers.
export async function up(k: Knex): Promise<void> {
  await k.schema.createTable('zaaktype', (t) => {
    t.string('code', 40).primary();
    t.string('omschrijving', 80);
    t.string('omschrijving_generiek', 80);
    t.integer('zaakniveau');
    t.boolean('geleerd').notNullable().defaultTo(false); // registered in learn mode
  });
  await k.schema.createTable('statustype', (t) => {
    t.increments('id');
    t.string('zaaktype_code', 40).notNullable().references('zaaktype.code').onDelete('CASCADE');
    t.integer('volgnummer').notNullable();
    t.string('omschrijving', 80).notNullable();
    t.string('code', 10);
    t.boolean('eindstatus').notNullable().defaultTo(false);
    t.unique(['zaaktype_code', 'volgnummer']);
  });
  await k.schema.createTable('zaak', (t) => {
    t.increments('id');
    t.string('identificatie', 40).notNullable().unique();
    t.string('zaaktype_code', 40).references('zaaktype.code');
    t.string('omschrijving', 80);
    t.string('startdatum', 8);
    t.string('registratiedatum', 8);
    t.string('einddatum', 8);
    t.integer('zaakniveau');
    t.text('attributen').notNullable(); // JSON: every ZAK attribute/group as sent (XNode list)
    t.integer('versie').notNullable().defaultTo(1); // optimistic concurrency for updateZaak
    t.string('aangemaakt_door', 200);
    t.timestamp('aangemaakt_op').notNullable().defaultTo(k.fn.now());
    t.timestamp('gewijzigd_op').notNullable().defaultTo(k.fn.now());
    t.index(['zaaktype_code', 'einddatum']);
    t.index(['einddatum']);
  });
  await k.schema.createTable('zaak_kenmerk', (t) => {
    t.increments('id');
    t.integer('zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.integer('volgorde').notNullable();
    t.string('kenmerk', 40).notNullable();
    t.string('bron', 40);
    t.index(['zaak_id']);
    t.index(['kenmerk']);
  });
  // Betrokkenen (BTR roles: initiator, belanghebbende, ...) and zaakobjecten (OBJ) share one shape.
  await k.schema.createTable('betrokkene', (t) => {
    t.increments('id');
    t.integer('zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.string('rol', 40).notNullable(); // relation element: heeftAlsInitiator, heeftBetrekkingOp, ...
    t.integer('volgorde').notNullable();
    t.string('soort', 8); // NPS, NNP, VES, MDW, OEH or another OBJ kind
    t.string('identificatie', 64); // BSN, anp/ann identificatie, RSIN, vestigingsnummer, medewerker/OEH id, ...
    t.string('bsn', 9);
    t.text('node').notNullable(); // JSON XNode of the relation element
    t.index(['zaak_id', 'rol']);
    t.index(['bsn', 'rol']);
    t.index(['identificatie', 'rol']);
  });
  await k.schema.createTable('zaak_zaak', (t) => {
    t.increments('id');
    t.integer('zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.integer('andere_zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.string('soort', 3).notNullable(); // DEL: andere is deelzaak of zaak; BTR: heeftBetrekkingOpAndere
    t.text('node'); // JSON of relation attributes beyond the link
    t.unique(['zaak_id', 'andere_zaak_id', 'soort']);
    t.index(['andere_zaak_id', 'soort']);
  });
  await k.schema.createTable('status', (t) => {
    t.increments('id');
    t.integer('zaak_id').notNullable().references('zaak.id').onDelete('CASCADE');
    t.string('zaaktype_code', 40);
    t.integer('volgnummer');
    t.string('omschrijving', 80);
    t.string('datum_status_gezet', 17).notNullable(); // padded to 17 digits: string order = time order
    t.string('toelichting', 1000);
    t.text('node').notNullable(); // JSON XNode of the ZAKSTT relation (isGezetDoor, ...)
    t.index(['zaak_id', 'datum_status_gezet']);
  });
  await k.schema.createTable('identificatie_teller', (t) => {
    t.string('soort', 8).primary(); // ZAK, EDC, BSL
    t.bigInteger('waarde').notNullable();
  });
  await k.schema.createTable('identificatie_reservering', (t) => {
    t.string('identificatie', 40).primary();
    t.string('soort', 8).notNullable();
    t.string('zender', 300);
    t.timestamp('gereserveerd_op').notNullable().defaultTo(k.fn.now());
  });
  // The message log: one row per message, content left out.
  await k.schema.createTable('berichtenlog', (t) => {
    t.bigIncrements('id');
    t.string('zender', 400);
    t.string('referentienummer', 80);
    t.string('dialect', 10);
    t.string('operatie', 60);
    t.string('uitkomst', 10).notNullable(); // Bv03, La01, Du02, Bv02, Fo02, Fo03
    t.string('foutcode', 10);
    t.integer('duur_ms');
    t.timestamp('ontvangen_op').notNullable().defaultTo(k.fn.now());
    t.index(['ontvangen_op']);
  });
  // Idempotency (StUF §4.4): asynchronous messages that were processed, with the answer we sent. Written in
  // the message's own transaction, so a message that failed leaves no row and can be resent.
  await k.schema.createTable('verwerkt_bericht', (t) => {
    t.string('zender', 400).notNullable();
    t.string('referentienummer', 80).notNullable();
    t.string('body_sha256', 64).notNullable();
    t.text('antwoord').notNullable();
    t.timestamp('verwerkt_op').notNullable().defaultTo(k.fn.now());
    t.primary(['zender', 'referentienummer']);
  });
}

export async function down(k: Knex): Promise<void> {
  for (const t of ['verwerkt_bericht', 'berichtenlog', 'identificatie_reservering', 'identificatie_teller', 'status', 'zaak_zaak', 'betrokkene', 'zaak_kenmerk', 'zaak', 'statustype', 'zaaktype']) {
    await k.schema.dropTableIfExists(t);
  }
}
