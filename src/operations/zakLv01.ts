// The zaak-vraag engine (Lv01 -> La01), shared by the plain StUF-ZKN zakLv01 and the ZDS services that
// reuse its root (geefZaakdetails, geefZaakstatus, geefLijstZaakdocumenten): read parameters, selection
// and scope; one query for the page of zaken; one query per relation table the scope needs; render.
import { StufError } from '../stuf/errors.ts';
import { messageScope, ALLES, type Scope } from '../stuf/scope.ts';
import { isLeeg, readZaakSelectie, type ZaakSelectie } from '../stuf/selectie.ts';
import { content, type StatusRow } from '../store/zaken.ts';
import { betrokkenenVan, statussenVan, zaakLinksVan, zoekZaken } from '../store/zoeken.ts';
import { documentenVan } from '../store/documenten.ts';
import { besluitenVan } from '../store/besluiten.ts';
import { child, textAt } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation, OperationContext } from './context.ts';
import { berichtSleutel } from './read/antwoordcache.ts';
import { benodigd, renderZaak, type AntwoordVorm, type ZaakData } from './write/zaak.ts';

export interface VraagOpties {
  vorm: AntwoordVorm;
  /** the scope when the client sends none (StUF: the server decides) */
  standaardScope: Scope;
  /** ZDS services select on identificatie (ZDS12 §4.1.x): without it the vraag is malformed */
  identificatieVerplicht?: boolean;
  /**
   * A ZDS service with no criterion at all (an empty gelijk, ozb-ladybug ErrorHandling_06) answers nothing
   * rather than every zaak; the plain StUF-ZKN zakLv01 answers all objects (StUF §6.3.1).
   */
  legeSelectieIsLeeg?: boolean;
}

const MAX_MELDING = 250;
const bad = (details: string) => new StufError('StUF055', details, { plek: 'client' });

function parameters(ctx: OperationContext): { sortering: number; vervolgvraag: boolean; maximumAantal: number } {
  const p = child(ctx.message, 'parameters');
  const s = textAt(p, 'sortering') ?? '0';
  if (!/^\d{1,2}$/.test(s)) throw bad(`sortering '${s}' is geen getal`);
  const v = textAt(p, 'indicatorVervolgvraag') ?? 'false';
  const m = textAt(p, 'maximumAantal');
  if (m !== undefined && !/^\d{1,8}$/.test(m)) throw bad(`maximumAantal '${m}' is geen positief getal`);
  const max = m === undefined ? ctx.config.defaultMaximumAantal : Number(m);
  return { sortering: Number(s), vervolgvraag: v === 'true' || v === '1', maximumAantal: max > 0 ? max : ctx.config.defaultMaximumAantal };
}

/** The object after which a vervolgvraag continues (StUF §6.3.4): start/object/identificatie. */
function startNa(ctx: OperationContext): string {
  const start = child(child(ctx.message, 'start'), 'object');
  if (!start) throw new StufError('StUF103', 'Vervolgvraag zonder start', { plek: 'client', omschrijving: 'Vervolgvraag zonder start' });
  const id = textAt(start, 'identificatie');
  if (!id) throw new StufError('StUF106', 'start/object bevat geen identificatie', { plek: 'client', omschrijving: 'Start van de vervolgvraag is onvolledig' });
  return id;
}

function meldingen(sel: ZaakSelectie, meer: boolean): string[] {
  const m: string[] = [];
  if (sel.genegeerd.length) m.push(`StUF0001: selectiecriteria genegeerd: ${sel.genegeerd.join(', ')}`.slice(0, MAX_MELDING));
  if (meer) m.push('StUF0002: Meer objecten gevraagd dan teruggegeven');
  return m;
}

const groups = new WeakMap<object, Map<number, unknown[]>>();

/** Rows of a page grouped by zaak id (computed once per list). */
function perZaak<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  let m = groups.get(rows) as Map<number, T[]> | undefined;
  if (!m) {
    m = new Map();
    for (const r of rows) {
      const k = Number(key(r));
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    groups.set(rows, m as Map<number, unknown[]>);
  }
  return m;
}

export async function beantwoordZaakvraag(ctx: OperationContext, o: VraagOpties): Promise<string> {
  const par = parameters(ctx);
  const sel = readZaakSelectie(ctx.message);
  if (o.identificatieVerplicht && sel.identificatie === undefined) throw bad('gelijk/identificatie ontbreekt');
  const scope = messageScope(ctx.message) ?? o.standaardScope;
  const naIdentificatie = par.vervolgvraag ? startNa(ctx) : undefined;
  if (o.legeSelectieIsLeeg && isLeeg(sel)) return ctx.reply.la01(leaf('StUF:indicatorVervolgvraag', 'false'), undefined, meldingen(sel, false));
  // Everything below depends on the message, the gemeente and the store only: kept while the store is unchanged.
  const sleutel = () => `${ctx.route.dialect}|${ctx.route.operation}|${ctx.gemeente}|${berichtSleutel(ctx.message)}`;
  const [parametersXml, antwoord, m] = await ctx.antwoorden.waarde(ctx.db, sleutel, () => zaakAntwoord(ctx, o, sel, scope, par, naIdentificatie),
    ([p, a, ms]) => p.length + (a?.length ?? 0) + ms.join('').length);
  return ctx.reply.la01(parametersXml, antwoord, m);
}

/** The parameters, antwoord and meldingen of a zaak-vraag: one query for the page, one per relation table, rendered. */
async function zaakAntwoord(ctx: OperationContext, o: VraagOpties, sel: ZaakSelectie, scope: Scope, par: ReturnType<typeof parameters>,
  naIdentificatie: string | undefined): Promise<[string, string | undefined, string[]]> {
  const { zaken, meer } = await zoekZaken(ctx.db, sel, { gemeente: ctx.gemeente, sortering: par.sortering, maximumAantal: par.maximumAantal, naIdentificatie });
  const parametersXml = leaf('StUF:indicatorVervolgvraag', meer ? 'true' : 'false');
  // Nothing found: stuurgegevens + parameters, no antwoord (StUF §6.4; zaakbrug e2e-5).
  if (!zaken.length) return [parametersXml, undefined, meldingen(sel, false)];

  const ids = zaken.map((z) => z.id);
  const need = benodigd(scope, o.vorm);
  // One after the other: the transaction has one connection (pg deprecates concurrent queries on a client).
  const betrokkenen = need.rollen.length ? await betrokkenenVan(ctx.db, ids, need.rollen) : [];
  const statussen = need.statussen ? await statussenVan(ctx.db, ids) : [];
  const links = need.links ? await zaakLinksVan(ctx.db, ids) : [];
  const gerelateerdeStatussen = need.gerelateerdeStatussen && links.length ? await statussenVan(ctx.db, [...new Set(links.map((l) => l.andere.id))]) : [];
  const documenten = need.documenten ? await documentenVan(ctx.db, ids) : [];
  const besluiten = need.besluiten ? await besluitenVan(ctx.db, ids) : [];
  const codes = new Set<string>();
  for (const z of zaken) if (z.zaaktype_code) codes.add(z.zaaktype_code);
  for (const l of links) if (l.andere.zaaktype_code) codes.add(l.andere.zaaktype_code);
  const cache = ctx.catalogue;
  const zaaktypen = await cache.zaaktypenVan(ctx.db, [...codes]);
  const alleStatussen = [...statussen, ...gerelateerdeStatussen];
  const statustypen = alleStatussen.length
    ? await cache.statustypenVan(ctx.db, alleStatussen.filter((s) => s.zaaktype_code).map((s) => `${s.zaaktype_code}/${s.volgnummer}`))
    : new Map();

  const rc = {
    vorm: o.vorm, zaaktypen, statustypen, alleenLaatsteStatus: sel.alleenLaatsteStatus,
    gerelateerdeStatussen: perZaak(gerelateerdeStatussen, (s) => s.zaak_id) as Map<number, StatusRow[]>,
  };
  let antwoord = '';
  for (const z of zaken) {
    const d: ZaakData = {
      row: z, content: content(z),
      betrokkenen: perZaak(betrokkenen, (b) => b.zaak_id).get(z.id) ?? [],
      statussen: perZaak(statussen, (s) => s.zaak_id).get(z.id) ?? [],
      links: perZaak(links, (l) => l.zaakId).get(z.id) ?? [],
      documenten: perZaak(documenten, (r) => r.zaak_id).get(z.id) ?? [],
      besluiten: perZaak(besluiten, (r) => r.zaak_id ?? 0).get(z.id) ?? [],
    };
    antwoord += renderZaak(d, scope, rc);
  }
  return [parametersXml, antwoord, meldingen(sel, meer)];
}

/** Plain StUF-ZKN zakLv01: any selection we support, any scope. */
export const zakLv01: Operation = (ctx) => beantwoordZaakvraag(ctx, { vorm: 'generiek', standaardScope: ALLES });
