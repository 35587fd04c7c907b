import type { Knex } from 'knex';

// Outgoing kennisgevingen (issue #5): written in the transaction of the message that changed the zaak, delivered
// afterwards by the delivery worker (src/notify/bezorger.ts), in id order per abonnee and zaak, at least once.
export async function up(k: Knex): Promise<void> {
  await k.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('abonnee', 100).notNullable(); // subscription name (config subscriptions[].name)
    t.integer('zaak_id'); // no foreign key: the delivery history outlives a deleted zaak
    t.string('zaak_identificatie', 40);
    t.string('berichtsoort', 10).notNullable(); // zakLk01 | edcLk01
    t.string('gebeurtenissen', 200); // events of the message that caused it, comma-separated
    t.string('referentienummer', 80).notNullable().unique(); // the same on every attempt (idempotent at the receiver)
    t.text('bericht').notNullable(); // the StUF message (SOAP Body child); content of an edcLk01 stands as a token
    t.integer('inhoud_id'); // edcLk01: the content version that replaces the token
    t.integer('document_id'); // edcLk01: which document was sent
    t.text('stand'); // zakLk01: JSON of the zaak as this abonnee now knows it (the oud of its next W)
    t.string('toestand', 10).notNullable().defaultTo('wachtend'); // wachtend | bezorgd | dood
    t.integer('pogingen').notNullable().defaultTo(0);
    t.bigInteger('volgende_poging').notNullable(); // epoch ms: not before (backoff), or until (claim lease)
    t.text('laatste_fout');
    t.timestamp('aangemaakt_op').notNullable().defaultTo(k.fn.now());
    t.timestamp('bezorgd_op');
    t.index(['toestand', 'volgende_poging']);
    t.index(['abonnee', 'zaak_id', 'id']);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists('outbox');
}
