// The delivery worker: sends due outbox entries to their abonnees with the node-soap client (the StUF message as
// the raw Body), and records the outcome. A Bv03 is delivered; a Fo03, an HTTP error or no answer is a failed
// attempt (reason kept) retried with backoff, and after delivery.maxAttempts a dead letter (`npm run outbox`).
// Each process runs one worker with a loop per abonnee, so an abonnee that is down or slow (each attempt waiting
// for timeoutMs) delays only its own kennisgevingen; on PostgreSQL several processes claim disjoint entries
// (outbox.claim).
import path from 'node:path';
import type { Knex } from 'knex';
import soap from 'soap';
import { log } from '../log.ts';
import { wsdlDir } from '../http/wsdl.ts';
import { leesInhoud } from '../store/inhoud.ts';
import { soapActionVan, type Abonnement, type Bezorging } from './abonnementen.ts';
import { INHOUD_TOKEN } from './kennisgeving.ts';
import { claim, markBezorgd, markMislukt, type Berichtsoort, type OutboxRow, type Wie } from './outbox.ts';

/** Our StUF-ZKN 3.10 OntvangAsynchroon WSDL: the interface of every abonnee (zakLk01, edcLk01 -> Bv03 / Fo03). */
const WSDL = path.join(wsdlDir, 'stuf-zkn-3.10/OntvangAsynchroon.wsdl');

/**
 * node-soap keeps a parsed WSDL per URL process-wide, and a client writes its SOAP version into that shared WSDL's
 * options: one cache per SOAP version keeps 1.1 and 1.2 abonnees apart (and the 1-2 s parse happens once each).
 */
const WSDL_CACHES = { '1.1': new Map<string, unknown>(), '1.2': new Map<string, unknown>() };

type SoapCall = (args: { _xml: string }, options: { timeout: number }) => Promise<[unknown, string]>;

/**
 * One claim-and-deliver loop: runs while there is work, then polls; a wake-up during a round makes it go again at
 * once (a commit may have written entries the round did not see).
 */
class Lus {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  stopped = false;

  constructor(private ronde: () => Promise<boolean>, private pollMs: number) {}

  wek(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.rondes().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.wek(), this.again ? 0 : this.pollMs);
      this.again = false;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async rondes(): Promise<void> {
    try {
      // Keep going while there is work: a delivered entry may free the next one of its zaak.
      for (let i = 0; i < 100 && !this.stopped; i++) if (!(await this.ronde())) return;
    } catch (e) {
      log.error('bezorging: outbox niet leesbaar', { error: (e as Error).message });
    }
  }
}

export class Bezorger {
  private clients = new Map<string, Promise<soap.Client>>();
  private lussen: Lus[] = [];
  private readonly abonnees: Map<string, Abonnement>;

  /** `uitkomst`: told of every attempt (metrics) */
  constructor(private db: Knex, private cfg: Bezorging, abonnementen: Abonnement[], private uitkomst: (abonnee: string, u: 'bezorgd' | 'mislukt' | 'dood') => void = () => {}) {
    this.abonnees = new Map(abonnementen.map((a) => [a.name, a]));
  }

  start(): void {
    if (this.lussen.length || !this.abonnees.size) return;
    // a loop per configured abonnee, and one for entries of abonnees removed from the configuration (each attempt
    // fails with that reason, so they end as dead letters instead of waiting unseen)
    const wie: Wie[] = [...[...this.abonnees.keys()].map((abonnee) => ({ abonnee })), { behalve: [...this.abonnees.keys()] }];
    this.lussen = wie.map((w) => new Lus(() => this.ronde(w), this.cfg.pollMs));
    this.wek();
  }

  /** Look for due entries now (after a commit that wrote some), not only at the next poll. */
  wek(): void {
    for (const l of this.lussen) l.wek();
  }

  /** Stops polling and waits for the attempts in flight. */
  async stop(): Promise<void> {
    const lussen = this.lussen;
    this.lussen = [];
    await Promise.all(lussen.map((l) => l.stop()));
  }

  /** Claims and delivers one batch of `wie`'s due entries; false when there were none. */
  private async ronde(wie: Wie): Promise<boolean> {
    const now = Date.now();
    const rows = await claim(this.db, now, now + this.cfg.timeoutMs * 2, 16, wie);
    await Promise.all(rows.map((r) => this.bezorg(r)));
    return rows.length > 0;
  }

  private async bezorg(row: OutboxRow): Promise<void> {
    const a = this.abonnees.get(row.abonnee);
    const started = Date.now();
    let fout: string | undefined;
    if (!a) fout = `abonnee ${row.abonnee} staat niet (meer) in de configuratie`;
    else {
      try {
        fout = await this.stuur(a, row);
      } catch (e) {
        fout = (e as Error).message;
      }
    }
    const meta = { abonnee: row.abonnee, bericht: row.berichtsoort, zaak: row.zaak_identificatie, referentienummer: row.referentienummer, poging: row.pogingen, duur_ms: Date.now() - started };
    try {
      if (!fout) {
        await markBezorgd(this.db, row.id);
        this.uitkomst(row.abonnee, 'bezorgd');
        log.info('kennisgeving bezorgd', meta);
        return;
      }
      const toestand = await markMislukt(this.db, row, fout, this.cfg);
      this.uitkomst(row.abonnee, toestand === 'dood' ? 'dood' : 'mislukt');
      log.warn(toestand === 'dood' ? 'kennisgeving onbestelbaar (dead letter)' : 'kennisgeving niet bezorgd, volgt opnieuw', { ...meta, fout: fout.slice(0, 300) });
    } catch (e) {
      // The lease runs out and the entry is tried again: at least once, never lost.
      log.error('bezorging: uitkomst niet opgeslagen', { ...meta, error: (e as Error).message });
    }
  }

  /** One attempt; undefined when the abonnee answered Bv03, else why not. */
  private async stuur(a: Abonnement, row: OutboxRow): Promise<string | undefined> {
    let body = row.bericht;
    if (row.inhoud_id !== null && body.includes(INHOUD_TOKEN)) {
      const bytes = await leesInhoud(this.db, row.inhoud_id);
      body = body.replace(INHOUD_TOKEN, () => bytes.toString('base64'));
    }
    const client = await this.client(a, row.berichtsoort);
    const call = (client as unknown as Record<string, SoapCall>)[`${row.berichtsoort}Async`];
    try {
      const [, raw] = await call({ _xml: body }, { timeout: this.cfg.timeoutMs });
      return /<(?:\w+:)?Bv03Bericht[\s>]/.test(raw ?? '') ? undefined : `antwoord is geen Bv03: ${String(raw).slice(0, 200)}`;
    } catch (e) {
      const err = e as Error & { body?: string; response?: { status?: number } };
      const text = typeof err.body === 'string' ? err.body : '';
      const code = text.match(/<(?:\w+:)?code>([^<]*)</)?.[1];
      if (code) {
        const details = text.match(/<(?:\w+:)?details>([^<]*)</)?.[1] ?? text.match(/<(?:\w+:)?omschrijving>([^<]*)</)?.[1] ?? '';
        return `Fo03 ${code}: ${details}`.trim();
      }
      return err.response?.status ? `HTTP ${err.response.status}: ${err.message}` : err.message;
    }
  }

  /** One node-soap client per abonnee and message kind (each has its own SOAPAction and SOAP version). */
  private client(a: Abonnement, soort: Berichtsoort): Promise<soap.Client> {
    const key = `${a.name}\n${soort}`;
    let c = this.clients.get(key);
    if (!c) {
      const version = a.soapVersion ?? '1.1';
      const options = { endpoint: a.url, forceSoap12Headers: version === '1.2', wsdlCache: WSDL_CACHES[version] } as unknown as soap.IOptions;
      c = soap.createClientAsync(WSDL, options).then((client) => {
        client.setSOAPAction(soapActionVan(a, soort));
        return client;
      });
      c.catch(() => this.clients.delete(key));
      this.clients.set(key, c);
    }
    return c;
  }
}
