// HTML from tagged templates: every interpolated value is escaped unless it is Html made by `html` itself, so no
// stored text (a toelichting, a file name, a fault text) can reach a page as markup. Attributes are always quoted
// with double quotes, and the escape covers both quote characters.
export class Html {
  constructor(readonly tekst: string) {}
  toString(): string {
    return this.tekst;
  }
}

export type Waarde = Html | string | number | null | undefined | false | readonly Waarde[];

const ENTITEIT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITEIT[c]);

function tekst(v: Waarde): string {
  if (v instanceof Html) return v.tekst;
  if (Array.isArray(v)) return v.map(tekst).join('');
  if (v === null || v === undefined || v === false) return '';
  return escape(String(v));
}

export function html(delen: TemplateStringsArray, ...waarden: Waarde[]): Html {
  let uit = delen[0];
  for (let i = 0; i < waarden.length; i++) uit += tekst(waarden[i]) + delen[i + 1];
  return new Html(uit);
}

/** A path segment of a dashboard URL (identificaties may hold any character). */
export const pad = (s: string): string => encodeURIComponent(s);
