// What the message log and the process log may keep of a message: its structure, not its content. Document content
// (inhoud) is replaced by its length; BSNs (nine digits that pass the elfproef, also as `11` + BSN) by asterisks.
// The audit log (src/audit/audit.ts) is the one place that records BSNs.

/** The elfproef of a BSN: 9·d1 + 8·d2 + ... + 2·d8 − d9 ≡ 0 (mod 11). */
export function isBsn(s: string): boolean {
  if (!/^\d{9}$/.test(s) || s === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(s[i]) * (9 - i);
  return (sum - Number(s[8])) % 11 === 0;
}

export const zonderBsn = (text: string): string => text.replace(/(?<!\d)(11)?(\d{9})(?!\d)/g, (m, p: string | undefined, d: string) => (isBsn(d) ? `${p ?? ''}*********` : m));

const INHOUD = /(<(\w+:)?inhoud\b[^>]*>)([\s\S]*?)(<\/\2inhoud>)/g;

/** A request or answer as the message log keeps it. */
export function verhuld(xml: string): string {
  return zonderBsn(xml.replace(INHOUD, (_, open: string, _p: string, inhoud: string, close: string) => `${open}[inhoud weggelaten, ${inhoud.length} tekens]${close}`));
}
