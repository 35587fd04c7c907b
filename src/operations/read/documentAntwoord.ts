// Everything an answer needs of one stored document (geefZaakdocumentLezen, geefZaakdocumentbewerken): the
// content inline when small, as a streamed token when large, the zaken it belongs to and their zaaktypen.
import { STREAM_VANAF, nieuwToken } from '../../soap/bijlagen.ts';
import { zakenVan, type DocumentRow } from '../../store/documenten.ts';
import { inhoudInfo, leesInhoud } from '../../store/inhoud.ts';
import type { OperationContext } from '../context.ts';
import type { DocumentData } from '../write/document.ts';
import type { RenderContext } from '../write/zaak.ts';

export async function documentAntwoord(ctx: OperationContext, row: DocumentRow): Promise<{ data: DocumentData; rc: RenderContext }> {
  const inhoud = row.inhoud_id ? await inhoudInfo(ctx.db, row.inhoud_id) : undefined;
  const data: DocumentData = { row, inhoud, zaken: await zakenVan(ctx.db, row.id) };
  if (inhoud && (inhoud.grootte >= STREAM_VANAF || ctx.mtom)) {
    data.token = nieuwToken();
    ctx.uitgaand.set(data.token, { inhoudId: inhoud.id, grootte: inhoud.grootte });
  } else if (inhoud) data.bytes = await leesInhoud(ctx.db, inhoud.id);
  const codes = [...new Set(data.zaken.map((z) => z.zaak.zaaktype_code).filter((c): c is string => !!c))];
  const rc: RenderContext = { vorm: 'generiek', zaaktypen: await ctx.catalogue.zaaktypenVan(ctx.db, codes), statustypen: new Map(), alleenLaatsteStatus: false };
  return { data, rc };
}
