// What a message changed, recorded where it is stored: the store functions report each change of a zaak
// (created, attributes or betrokkenen changed, status set, document linked, deelplan linked) on the message's
// transaction. After the operation, src/notify/outbox.ts turns the record into kennisgevingen in the same
// transaction. A transaction nobody follows (seeding, tests of the store, no subscriptions) records nothing.
import type { Knex } from 'knex';

export const GEBEURTENISSEN = ['zaakCreated', 'zaakUpdated', 'statusChanged', 'documentAdded', 'deelplanLinked'] as const;
export type Gebeurtenis = (typeof GEBEURTENISSEN)[number];

export class Wijzigingen {
  /** per zaak id, in the order the zaken were first touched */
  readonly zaken = new Map<number, Set<Gebeurtenis>>();
  /** abonnees that get the kennisgevingen of this message whatever their filter (routing action notify) */
  readonly extraAbonnees = new Set<string>();

  meld(zaakId: number, g: Gebeurtenis): void {
    let s = this.zaken.get(zaakId);
    if (!s) this.zaken.set(zaakId, (s = new Set()));
    s.add(g);
  }
}

const gevolgd = new WeakMap<Knex, Wijzigingen>();

/** Starts recording the changes made on `trx`. */
export function volg(trx: Knex): Wijzigingen {
  const w = new Wijzigingen();
  gevolgd.set(trx, w);
  return w;
}

/** Reports a change of a zaak on `trx` (a no-op when the transaction is not followed). */
export function meld(trx: Knex, zaakId: number, g: Gebeurtenis): void {
  gevolgd.get(trx)?.meld(zaakId, g);
}
