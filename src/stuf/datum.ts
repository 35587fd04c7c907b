// StUF dates are not ISO: Datum = yyyymmdd, Tijdstip = yyyymmddhhmmssmmm (truncatable) (StUF §3.3.1).
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function tijdstip(d = new Date()): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}${pad(d.getMilliseconds(), 3)}`;
}

export function datum(d = new Date()): string {
  return tijdstip(d).slice(0, 8);
}

/** Pads a Tijdstip to 17 digits so that string order is time order. */
export function sortableTijdstip(t: string): string {
  return t.padEnd(17, '0');
}

export const isDatum = (s: string) => /^\d{8}$/.test(s);
export const isTijdstip = (s: string) => /^\d{8,17}$/.test(s);
