// Answers bound to one request: its route (answer root), dialect (namespace of vrij-bericht children) and
// stuurgegevens (swapped into ours). Operations build their content; the wrapping is done here.
import type { Route } from '../operations/registry.ts';
import { DIALECTS } from './dialect.ts';
import { answerStuurgegevens, type Stuurgegevens, type Systeem } from './stuurgegevens.ts';
import type { StufError } from './errors.ts';
import { ANSWER_XMLNS, NS } from '../xml/namespaces.ts';
import { esc, leaf } from '../xml/writer.ts';

const XMLNS_ALL = `${ANSWER_XMLNS} xmlns:ZDS="${NS.ZDS}"`;

export class Reply {
  constructor(readonly route: Route, readonly request: Stuurgegevens, readonly us: Systeem) {}

  get vrij(): string {
    return DIALECTS[this.route.dialect].vrijPrefix;
  }

  /** Technical acknowledgement of an asynchronous message, after commit (StUF §4.4.1). */
  bv03(): string {
    return `<StUF:Bv03Bericht ${XMLNS_ALL}>${answerStuurgegevens('StUF:stuurgegevens', 'Bv03', this.request, this.us)}</StUF:Bv03Bericht>`;
  }

  /** Functional acknowledgement; its stuurgegevens hold only the berichtcode (XSD). */
  bv02(meldingen: string[] = []): string {
    return `<StUF:Bv02Bericht ${XMLNS_ALL}><StUF:stuurgegevens><StUF:berichtcode>Bv02</StUF:berichtcode></StUF:stuurgegevens>` +
      `${meldingen.map((m) => leaf('StUF:melding', m)).join('')}</StUF:Bv02Bericht>`;
  }

  /** Answer to a vraag: stuurgegevens, parameters (indicatorVervolgvraag required), melding*, antwoord?. */
  la01(parameters: string, antwoord: string | undefined, meldingen: string[] = []): string {
    const root = this.route.answerRoot!;
    return `<${root} ${XMLNS_ALL}>${answerStuurgegevens('ZKN:stuurgegevens', 'La01', this.request, this.us, { entiteittype: this.route.entiteittype })}` +
      `<ZKN:parameters>${parameters}</ZKN:parameters>${meldingen.map((m) => leaf('ZKN:melding', m)).join('')}` +
      `${antwoord === undefined ? '' : `<ZKN:antwoord>${antwoord}</ZKN:antwoord>`}</${root}>`;
  }

  /** Answer to a vrij bericht (Di02): stuurgegevens with functie, then the content in the dialect's prefix. */
  du02(content: string): string {
    const root = this.route.answerRoot!;
    return `<${root} ${XMLNS_ALL}>${answerStuurgegevens(`${this.vrij}:stuurgegevens`, 'Du02', this.request, this.us, { functie: this.route.functie })}${content}</${root}>`;
  }
}

export type FoType = 'Fo02' | 'Fo03';

/**
 * Lv01 and Di02 operations fault with Fo02, Lk01/Di01/Du01 with Fo03 (the WSDL's fault messages). Without a
 * route, the name of the message (its root, or else the SOAPAction) ends in its berichtcode.
 */
export function foTypeOf(berichtcode: string | undefined, name?: string): FoType {
  const code = berichtcode ?? name?.match(/(Lv0\d|Di02|Lk0\d|Di01|Du01)$/)?.[1];
  return code && (code.startsWith('Lv') || code === 'Di02') ? 'Fo02' : 'Fo03';
}

/** The Fo-bericht; Fo02 carries only the berichtcode in its stuurgegevens, Fo03 the full swapped set. */
export function foBericht(type: FoType, err: StufError, request: Stuurgegevens, us: Systeem): string {
  const sg = type === 'Fo02'
    ? '<StUF:stuurgegevens><StUF:berichtcode>Fo02</StUF:berichtcode></StUF:stuurgegevens>'
    : answerStuurgegevens('StUF:stuurgegevens', 'Fo03', request, us);
  return `<StUF:${type}Bericht xmlns:StUF="${NS.StUF}">${sg}<StUF:body>${leaf('StUF:code', err.code)}${leaf('StUF:plek', err.plek)}` +
    `${leaf('StUF:omschrijving', err.message.slice(0, 200))}${err.details ? `<StUF:details>${esc(err.details)}</StUF:details>` : ''}</StUF:body></StUF:${type}Bericht>`;
}
