// Runs that share one server (`conformance --isolate`): the public corpus reuses zaak, document and besluit
// identificaties and referentienummers across scenarios, which a fresh database per run hides. Isolation gives
// each run its own values by a suffix, as a SoapUI or STP run substitutes its own: an identificatie is learned
// where a message names its object (the first identificatie of a ZAK/EDC/BSL object or gerelateerde, or of a
// Di02's zaak/document/besluit) and then replaced wherever the run uses it, in messages and in expected facts.
const MAX = 40; // StUF: identificatie and referentienummer are at most 40 characters

// (an element may declare its own namespace prefix: `<StUF:referentienummer xmlns:StUF="...">`)
const OBJECT_ID = /<(?:[\w-]+:)?(object|gerelateerde|zaak|document|besluit)\b([^>]*)>\s*(?:<!--[\s\S]*?-->\s*)*<(?:[\w-]+:)?identificatie(?:\s[^>]*)?>([^<]+)</g;
const ID_ELEMENT = /(<(?:[\w-]+:)?identificatie(?:\s[^>]*)?>)([^<]+)(<)/g;
const REF_ELEMENT = /(<(?:[\w-]+:)?(?:referentienummer|crossRefnummer)(?:\s[^>]*)?>)([^<]+)(<)/g;

export class RunIsolation {
  private readonly ids = new Map<string, string>();
  private readonly refs = new Map<string, string>();

  constructor(private readonly tag: string) {}

  /** The run's own value for `v` (same original, same value within the run), at most 40 characters. */
  private own(v: string): string {
    return v.length + this.tag.length <= MAX ? v + this.tag : v.slice(0, MAX - this.tag.length) + this.tag;
  }

  /** Learns an object identificatie (e.g. of a precondition zaak) and returns the run's value for it. */
  identificatie(v: string): string {
    let m = this.ids.get(v);
    if (!m) this.ids.set(v, (m = this.own(v)));
    return m;
  }

  /** The message as this run sends it. */
  message(text: string): string {
    for (const m of text.matchAll(OBJECT_ID)) {
      const isObject = m[1] === 'zaak' || m[1] === 'document' || m[1] === 'besluit' || /entiteittype="(ZAK|EDC|BSL)"/.test(m[2]);
      if (isObject && m[3].trim()) this.identificatie(m[3].trim());
    }
    return text
      .replace(ID_ELEMENT, (all, open: string, v: string, close: string) => (this.ids.has(v.trim()) ? `${open}${this.ids.get(v.trim())}${close}` : all))
      .replace(REF_ELEMENT, (_all, open: string, v: string, close: string) => {
        let r = this.refs.get(v);
        if (!r) this.refs.set(v, (r = this.own(v)));
        return `${open}${r}${close}`;
      });
  }

  /** An expected fact with the run's identificaties in place of the manifest's. */
  fact(text: string): string {
    let out = text;
    for (const [from, to] of [...this.ids].sort(([a], [b]) => b.length - a.length)) {
      out = out.replace(new RegExp(`(?<![\\w-])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g'), to);
    }
    return out;
  }
}
