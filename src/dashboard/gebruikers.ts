// Who may use the regie dashboard (configuration `dashboard`): users with a salted scrypt password hash, and client
// certificate subjects mapped to users. Nothing configured means no dashboard at all (every /dashboard path is 404),
// so a default installation exposes no page with personal data.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface DashboardGebruiker {
  /** `scrypt$N$r$p$salt$hash` (base64), made by `npm run dashboard -- wachtwoord`; absent: certificate only */
  password?: string;
  /** the gemeente whose zaken the user sees (needed with gemeenteIsolation) */
  gemeente?: string;
}

export interface DashboardConfig {
  users: Record<string, DashboardGebruiker>;
  /** client certificate subject (every `K=V` part must be in the presented subject) -> user name */
  certificates: Record<string, string>;
  /** a session ends after this many minutes without a request (and after 12 hours in any case) */
  sessionMinutes: number;
}

export const DEFAULT_DASHBOARD: DashboardConfig = { users: {}, certificates: {}, sessionMinutes: 30 };

/** scrypt with 32 MiB of memory per hash (OWASP's minimum is N=2^17 with r=8 at 128 MiB; this is a 2-core server). */
const N = 2 ** 15;
const R = 8;
const P = 1;
const LENGTE = 32;
const MAXMEM = 64 * 1024 * 1024;
const FORMAAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

const scryptAsync = (wachtwoord: string, salt: Buffer, lengte: number, o: ScryptOptions) => new Promise<Buffer>((resolve, reject) => {
  scrypt(wachtwoord, salt, lengte, o, (e, key) => (e ? reject(e) : resolve(key)));
});

export async function hashWachtwoord(wachtwoord: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(wachtwoord, salt, LENGTE, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A hash of no password at all: an unknown user costs the same time as a known one. */
let blanco: Promise<string> | undefined;

/** Compares in constant time; `hash` undefined (unknown user, certificate-only user) is never right. */
export async function wachtwoordKlopt(wachtwoord: string, hash: string | undefined): Promise<boolean> {
  const m = FORMAAT.exec(hash ?? (await (blanco ??= hashWachtwoord(randomBytes(16).toString('hex')))));
  if (!m) return false;
  const verwacht = Buffer.from(m[5], 'base64');
  const key = await scryptAsync(wachtwoord, Buffer.from(m[4], 'base64'), verwacht.length, { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), maxmem: MAXMEM });
  return hash !== undefined && timingSafeEqual(key, verwacht);
}

export function checkDashboard(d: Partial<DashboardConfig> | undefined, isolatie: boolean): DashboardConfig {
  const c: DashboardConfig = { ...DEFAULT_DASHBOARD, ...d, users: { ...d?.users }, certificates: { ...d?.certificates } };
  for (const [naam, u] of Object.entries(c.users)) {
    if (!/^[\w.@-]{1,80}$/.test(naam)) throw new Error(`configuration: dashboard.users: "${naam}" is not a user name (letters, digits, . _ @ -)`);
    if (u.password !== undefined && !FORMAAT.test(u.password)) {
      throw new Error(`configuration: dashboard.users["${naam}"].password must be a scrypt hash (npm run dashboard -- wachtwoord)`);
    }
    if (isolatie && !u.gemeente) throw new Error(`configuration: dashboard.users["${naam}"].gemeente is needed with gemeenteIsolation`);
  }
  for (const [subject, naam] of Object.entries(c.certificates)) {
    if (!Object.hasOwn(c.users, naam)) throw new Error(`configuration: dashboard.certificates["${subject}"]: user ${naam} is not in dashboard.users`);
  }
  if (!(c.sessionMinutes > 0)) throw new Error('configuration: dashboard.sessionMinutes must be a positive number');
  return c;
}

/** The dashboard is on when someone can log in: a user with a password, or a certificate mapped to a user. */
export const dashboardAan = (d: DashboardConfig): boolean =>
  Object.values(d.users).some((u) => u.password) || Object.keys(d.certificates).length > 0;
