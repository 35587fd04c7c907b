import type { Knex } from 'knex';

// Indexes for the zaak queries (zakLv01, geefZaakdetails, ...): sortering 4/5 and date ranges.
export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable('zaak', (t) => {
    t.index(['startdatum'], 'zaak_startdatum_index');
    t.index(['registratiedatum'], 'zaak_registratiedatum_index');
    t.index(['omschrijving'], 'zaak_omschrijving_index');
  });
  await k.schema.alterTable('zaak_zaak', (t) => {
    t.index(['zaak_id', 'soort'], 'zaak_zaak_zaak_id_soort_index');
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable('zaak_zaak', (t) => t.dropIndex(['zaak_id', 'soort'], 'zaak_zaak_zaak_id_soort_index'));
  await k.schema.alterTable('zaak', (t) => {
    t.dropIndex(['startdatum'], 'zaak_startdatum_index');
    t.dropIndex(['registratiedatum'], 'zaak_registratiedatum_index');
    t.dropIndex(['omschrijving'], 'zaak_omschrijving_index');
  });
}
