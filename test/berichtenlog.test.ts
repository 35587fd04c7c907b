// The message log's writer (src/audit/berichtenlog.ts): rows in small batches, masked, and kept for another try when
// the database refuses a batch (another process holding SQLite's write lock) instead of being lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Berichtenlog } from '../src/audit/berichtenlog.ts';
import { createDb, migrate, type Db } from '../src/store/db.ts';
import { transacties, type Transacties } from '../src/store/transacties.ts';
import { DATABASE_URL, freshDatabase, uniqueId } from './helpers.ts';

describe('message log writer', () => {
  let db: Db;
  let drop: () => Promise<void>;
  before(async () => {
    const d = await freshDatabase();
    drop = d.drop;
    db = createDb(d.url);
    await migrate(db);
  });
  after(async () => {
    await db.destroy();
    await drop();
  });

  const regel = (ref: string) => ({ zender: '0999/WMO', referentienummer: ref, dialect: 'zds-1.2', operatie: 'geefZaakdetails', uitkomst: 'La01',
    foutcode: null, duur_ms: 1, verzoek: '<a><BG:inp.bsn>999999990</BG:inp.bsn></a>', antwoord: '<b/>' });

  it('keeps a batch the database refused and writes it on the next try, masked', async () => {
    const echt = transacties(db);
    let weigeren = 1;
    const schrijf: Transacties = (werk) => (weigeren-- > 0 ? Promise.reject(new Error('database is locked')) : echt(werk));
    const log = new Berichtenlog(db, schrijf);
    const refs = [uniqueId('R'), uniqueId('R')];
    for (const r of refs) log.add(regel(r));
    await log.flush();
    // on PostgreSQL the batch goes straight to the database (no writer queue): written at the first flush
    const telling = async () => Number((await db('berichtenlog').whereIn('referentienummer', refs).count({ n: '*' }))[0].n);
    if (!/^postgres/.test(DATABASE_URL)) assert.equal(await telling(), 0, 'refused, not written');
    for (let i = 0; i < 40 && (await telling()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await telling(), 2, 'written on the next try');
    const rows = await db('berichtenlog').whereIn('referentienummer', refs).select('verzoek');
    for (const r of rows) assert.equal(r.verzoek, '<a><BG:inp.bsn>*********</BG:inp.bsn></a>');
  });
});
