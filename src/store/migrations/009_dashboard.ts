import type { Knex } from 'knex';

// The regie dashboard (issue #8): its sessions, and the indexes its pages need so that none of them scans a table:
// the message log per zaak (the zaak a message is about, with the gemeente it was processed for) and the outbox per
// zaak (its (abonnee, zaak_id, id) index serves only the delivery worker, which knows the abonnee).
export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable('berichtenlog', (t) => {
    t.string('gemeente', 20).notNullable().defaultTo('');
    t.string('zaak', 40);
    t.index(['gemeente', 'zaak', 'id'], 'berichtenlog_zaak_index');
  });
  await k.schema.alterTable('outbox', (t) => {
    t.index(['zaak_id', 'id'], 'outbox_zaak_index');
  });
  await k.schema.createTable('dashboard_sessie', (t) => {
    t.string('sleutel', 64).primary(); // sha256 of the cookie's token: a copy of the table opens no session
    t.string('gebruiker', 100).notNullable();
    t.bigInteger('aangemaakt_op').notNullable(); // epoch ms
    t.bigInteger('verloopt_op').notNullable(); // epoch ms; moved on while the session is used
    t.index(['verloopt_op']);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists('dashboard_sessie');
  await k.schema.alterTable('outbox', (t) => t.dropIndex(['zaak_id', 'id'], 'outbox_zaak_index'));
  await k.schema.alterTable('berichtenlog', (t) => {
    t.dropIndex(['gemeente', 'zaak', 'id'], 'berichtenlog_zaak_index');
    t.dropColumn('zaak');
    t.dropColumn('gemeente');
  });
}
