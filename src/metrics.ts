// Prometheus metrics (GET /metrics): messages by operation, dialect and outcome, latency, validation failures,
// outbox depth and delivery attempts, database pool usage, and the process defaults. One registry per gateway, so
// that several gateways in one process (tests) do not mix their figures. No label carries content or a BSN.
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { diepte } from './notify/outbox.ts';

export interface Metrics {
  registry: Registry;
  bericht(operatie: string | undefined, dialect: string | undefined, uitkomst: string, seconden: number): void;
  schemafout(dialect: string, beleid: 'strict' | 'lenient'): void;
  bezorging(abonnee: string, uitkomst: 'bezorgd' | 'mislukt' | 'dood'): void;
  antwoordcache(treffer: boolean): void;
}

interface Pool { numUsed(): number; numFree(): number; numPendingAcquires(): number }

export function createMetrics(db: Knex): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'stuf_gateway_' });
  const berichten = new Counter({ name: 'stuf_messages_total', help: 'StUF messages answered, by operation, dialect and outcome (Bv03, La01, Du02, Bv02, Fo02, Fo03, doorgestuurd)',
    labelNames: ['operation', 'dialect', 'outcome'], registers: [registry] });
  const duur = new Histogram({ name: 'stuf_message_duration_seconds', help: 'Time from request to answer, by operation and dialect',
    labelNames: ['operation', 'dialect'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
  const schema = new Counter({ name: 'stuf_validation_failures_total', help: 'Messages that failed XSD validation, by dialect and policy (strict: refused with StUF055; lenient: processed)',
    labelNames: ['dialect', 'policy'], registers: [registry] });
  const pogingen = new Counter({ name: 'stuf_delivery_attempts_total', help: 'Delivery attempts of kennisgevingen, by subscriber and result (bezorgd, mislukt: retried, dood: dead letter)',
    labelNames: ['subscriber', 'result'], registers: [registry] });
  const cache = new Counter({ name: 'stuf_answer_cache_total', help: 'Zaak-vragen answered from the answer cache (hit) or from the store (miss); SQLite only',
    labelNames: ['result'], registers: [registry] });
  new Gauge({ name: 'stuf_outbox_entries', help: 'Outbox entries not delivered, by state (wachtend: waiting or retrying, dood: dead letters)', labelNames: ['state'], registers: [registry],
    async collect() {
      const d = await diepte(db).catch(() => undefined);
      if (!d) return;
      this.set({ state: 'wachtend' }, d.wachtend);
      this.set({ state: 'dood' }, d.dood);
    } });
  new Gauge({ name: 'stuf_db_pool_connections', help: 'Database pool: connections in use, free, and requests waiting for one', labelNames: ['state'], registers: [registry],
    collect() {
      const pool = (db.client as { pool?: Pool }).pool;
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    } });
  return {
    registry,
    bericht(operatie, dialect, uitkomst, seconden) {
      const labels = { operation: operatie ?? 'onbekend', dialect: dialect ?? 'onbekend' };
      berichten.inc({ ...labels, outcome: uitkomst });
      duur.observe(labels, seconden);
    },
    schemafout: (dialect, beleid) => schema.inc({ dialect, policy: beleid }),
    bezorging: (abonnee, uitkomst) => pogingen.inc({ subscriber: abonnee, result: uitkomst }),
    antwoordcache: (treffer) => cache.inc({ result: treffer ? 'hit' : 'miss' }),
  };
}
