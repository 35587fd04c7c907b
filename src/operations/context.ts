import type { Knex } from 'knex';
import type { Config } from '../config/index.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import type { Dialect } from '../stuf/dialect.ts';
import type { Reply } from '../stuf/reply.ts';
import type { Stuurgegevens } from '../stuf/stuurgegevens.ts';
import type { XNode } from '../xml/tree.ts';
import type { Route } from './registry.ts';
import type { Bijlagen, Uitgaand } from '../soap/bijlagen.ts';
import type { Antwoordcache } from './read/antwoordcache.ts';

/** What an operation gets: the message read once, and one transaction. It never sees HTTP or SOAP. */
export interface OperationContext {
  /** the message's transaction (a vraag gets the database itself): what an operation stores commits together, or not at all */
  db: Knex;
  config: Config;
  catalogue: Catalogue;
  route: Route;
  dialect: Dialect;
  stuurgegevens: Stuurgegevens;
  /** the validated StUF message (Body child) */
  message: XNode;
  reply: Reply;
  /** zender key organisatie/applicatie/administratie/gebruiker */
  zender: string;
  /** the gemeente whose zaken, documents and besluiten exist for this message ('' without gemeente isolation) */
  gemeente: string;
  /** large document content kept out of the parsed message, by the token in its inhoud element */
  bijlagen: Bijlagen;
  /** large stored content of the answer, streamed where its token stands */
  uitgaand: Uitgaand;
  /** answers of vragen kept while the store is unchanged (read/antwoordcache.ts) */
  antwoorden: Antwoordcache;
  /** the request was MTOM: content in the answer goes out as MTOM attachments, whatever its size */
  mtom: boolean;
}

/** An operation returns the answer body element (Bv03, La01, Du02, Bv02 ...). Failures throw StufError. */
export type Operation = (ctx: OperationContext) => Promise<string>;
