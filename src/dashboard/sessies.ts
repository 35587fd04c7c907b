// Dashboard sessions in the database (table dashboard_sessie), so that they hold across several gateway processes on
// one PostgreSQL and across a restart, and end on logout everywhere. The cookie carries a random token; the table
// keeps only its sha256, so a copy of the table opens no session.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { lees } from '../store/lezen.ts';

/** However active, a session ends after a working day. */
const HOOGSTENS_MS = 12 * 3600_000;
/** The expiry moves on at most once a minute: a page view is a read, not a write. */
const VERLENG_NA_MS = 60_000;

const sleutel = (token: string) => createHash('sha256').update(token).digest('hex');

export class Sessies {
  constructor(private readonly db: Knex, private readonly stilMs: number) {}

  /** A new session for `gebruiker`; returns the token for the cookie. Expired sessions go first (verloopt_op index). */
  async open(gebruiker: string): Promise<string> {
    const nu = Date.now();
    await this.db('dashboard_sessie').where('verloopt_op', '<', nu).delete();
    const token = randomBytes(32).toString('base64url');
    await this.db('dashboard_sessie').insert({ sleutel: sleutel(token), gebruiker, aangemaakt_op: nu, verloopt_op: nu + this.stilMs });
    return token;
  }

  /** The user of a live session (primary key lookup); undefined for an unknown or expired token. */
  async gebruiker(token: string): Promise<string | undefined> {
    if (!/^[\w-]{43}$/.test(token)) return undefined;
    const k = sleutel(token);
    const [s] = await lees<{ gebruiker: string; aangemaakt_op: number | string; verloopt_op: number | string }>(this.db,
      'select gebruiker, aangemaakt_op, verloopt_op from dashboard_sessie where sleutel = ?', [k]);
    const nu = Date.now();
    if (!s || Number(s.verloopt_op) <= nu || nu - Number(s.aangemaakt_op) > HOOGSTENS_MS) return undefined;
    if (Number(s.verloopt_op) - nu < this.stilMs - VERLENG_NA_MS) {
      await this.db('dashboard_sessie').where({ sleutel: k }).update({ verloopt_op: nu + this.stilMs });
    }
    return s.gebruiker;
  }

  async sluit(token: string): Promise<void> {
    await this.db('dashboard_sessie').where({ sleutel: sleutel(token) }).delete();
  }
}
