import type { Knex } from 'knex';

// Issue #6: the audit log (who saw which zaak, document and BSN; append-only: triggers refuse UPDATE and DELETE), and
// the message log with request and answer (document content and BSNs left out) and the certificate of the sender.
export async function up(k: Knex): Promise<void> {
  await k.schema.createTable('audit', (t) => {
    t.bigIncrements('id');
    t.timestamp('tijdstip').notNullable().defaultTo(k.fn.now());
    t.string('zender', 400);
    t.string('gebruiker', 100);
    t.string('certificaat', 500);
    t.string('operatie', 60).notNullable();
    t.string('referentienummer', 80);
    t.text('zaken'); // identificaties, comma-separated
    t.text('documenten');
    t.index(['zender', 'tijdstip']);
    t.index(['tijdstip']);
  });
  await k.schema.createTable('audit_bsn', (t) => {
    t.bigInteger('audit_id').notNullable().references('audit.id');
    t.string('bsn', 9).notNullable();
    t.primary(['bsn', 'audit_id']);
  });
  for (const table of ['audit', 'audit_bsn']) {
    if (k.client.config.client === 'pg') {
      await k.raw(`create or replace function ${table}_alleen_toevoegen() returns trigger language plpgsql as $$ begin raise exception '${table} is append-only'; end $$`);
      await k.raw(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function ${table}_alleen_toevoegen()`);
    } else {
      for (const op of ['update', 'delete']) {
        await k.raw(`create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`);
      }
    }
  }
  await k.schema.alterTable('berichtenlog', (t) => {
    t.string('uitkomst', 20).notNullable().alter(); // also 'doorgestuurd' (routing forward)
    t.string('certificaat', 500);
    t.text('verzoek');
    t.text('antwoord');
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable('berichtenlog', (t) => {
    t.dropColumn('certificaat');
    t.dropColumn('verzoek');
    t.dropColumn('antwoord');
  });
  await k.schema.dropTableIfExists('audit_bsn');
  await k.schema.dropTableIfExists('audit');
}
