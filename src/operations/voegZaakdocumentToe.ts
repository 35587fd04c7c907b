// voegZaakdocumentToe (EdcLk01 T -> Bv03), ZDS12 §4.3.4: a document with its content, relevant for an existing
// zaak. Metadata, content and link are stored in the message's transaction; the content as the decoded bytes.
// maakZaakdocument (§4.3.5) is the same kennisgeving without content (a placeholder filled by a later checkin).
import { datum } from '../stuf/datum.ts';
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import { findDocument, insertDocument, linkDocument } from '../store/documenten.ts';
import { schrijfInhoud } from '../store/inhoud.ts';
import { findZaak } from '../store/zaken.ts';
import { textAt } from '../xml/tree.ts';
import type { Operation } from './context.ts';
import { checkGrootte, readDocument } from './read/document.ts';
import { objects } from './read/zaak.ts';

/** Characters that break CMIS names (ZDS12 §2.2.1), as for zaak identificaties. */
const FORBIDDEN = /[\\/"*?:<>|]/;

export const voegZaakdocumentToe: Operation = async (ctx) => {
  const objs = objects(ctx.message);
  if (objs.length !== 1) throw new StufError(StufCode.schema, `${ctx.route.operation} verwacht precies één object, niet ${objs.length}`);
  const d = readDocument(objs[0], ctx.bijlagen);
  checkGrootte(d, ctx.config.maxDocumentBytes);
  const id = d.identificatie?.trim();
  if (!id) throw processing('Het document heeft geen identificatie');
  if (FORBIDDEN.test(id)) throw processing(`Documentidentificatie '${id}' bevat een teken dat niet is toegestaan (\\ / " * ? : < > |)`);
  if (await findDocument(ctx.db, id, ctx.gemeente)) throw processing(`Document ${id} bestaat al`);
  const zaken = [];
  for (const z of d.zaken) {
    const zaak = await findZaak(ctx.db, z.identificatie, ctx.gemeente);
    if (!zaak) throw notFound(`Zaak ${z.identificatie} (isRelevantVoor) bestaat niet`);
    zaken.push({ zaak, node: z.node });
  }
  const inhoud = d.inhoud ? await schrijfInhoud(ctx.db, d.inhoud.delen(), d.inhoud) : undefined;
  const documentId = await insertDocument(ctx.db, d, inhoud?.id ?? null, ctx.zender, ctx.gemeente);
  for (const { zaak, node } of zaken) await linkDocument(ctx.db, zaak.id, documentId, textAt(node, 'registratiedatum') ?? datum(), node);
  return ctx.reply.bv03();
};
