// The document part of the benchmark (issue #3): per gateway, the time and the gateway's peak RSS increase of
// storing and reading back a 1 MB and a 50 MB document, and the time of listing a zaak with 500 documents.
// One request at a time: these measure a single large message, not throughput.
import fs from 'node:fs';
import type { Child } from './procs.ts';

const A12 = 'http://www.stufstandaarden.nl/koppelvlak/zds0120/';
const XMLNS = 'xmlns:StUF="http://www.egem.nl/StUF/StUF0301" xmlns:ZKN="http://www.egem.nl/StUF/sector/zkn/0310" ' +
  'xmlns:ZDS="http://www.stufstandaarden.nl/koppelvlak/zds0120" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xmime="http://www.w3.org/2005/05/xmlmime"';
const envelope = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const sg = (code: string, ref: string, ent: string) => `<ZKN:stuurgegevens><StUF:berichtcode>${code}</StUF:berichtcode>` +
  '<StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>BENCH</StUF:applicatie></StUF:zender>' +
  `<StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger><StUF:referentienummer>${ref}</StUF:referentienummer>` +
  `<StUF:tijdstipBericht>20240115120000000</StUF:tijdstipBericht><StUF:entiteittype>${ent}</StUF:entiteittype></ZKN:stuurgegevens>`;
const lvParams = '<ZKN:parameters><StUF:sortering>0</StUF:sortering><StUF:indicatorVervolgvraag>false</StUF:indicatorVervolgvraag></ZKN:parameters>';

function toevoegen(id: string, zaak: string, base64: string): string {
  return envelope(`<ZDS:voegZaakdocumentToe_EdcLk01 ${XMLNS}>${sg('Lk01', `bench-${id}`, 'EDC')}` +
    '<ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>' +
    `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T"><ZKN:identificatie>${id}</ZKN:identificatie><ZKN:dct.omschrijving>Bijlage</ZKN:dct.omschrijving>` +
    '<ZKN:creatiedatum>20240312</ZKN:creatiedatum><ZKN:titel>Bench</ZKN:titel><ZKN:formaat>application/pdf</ZKN:formaat><ZKN:taal>nld</ZKN:taal>' +
    '<ZKN:vertrouwelijkAanduiding>VERTROUWELIJK</ZKN:vertrouwelijkAanduiding><ZKN:auteur>bench</ZKN:auteur>' +
    `<ZKN:inhoud xmime:contentType="application/pdf" StUF:bestandsnaam="bench.pdf">${base64}</ZKN:inhoud>` +
    '<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">' +
    `<ZKN:identificatie>${zaak}</ZKN:identificatie></ZKN:gerelateerde></ZKN:isRelevantVoor></ZKN:object></ZDS:voegZaakdocumentToe_EdcLk01>`);
}

const lezen = (id: string) => envelope(`<ZDS:geefZaakdocumentLezen_EdcLv01 ${XMLNS}>${sg('Lv01', `bench-l-${id}`, 'EDC')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="EDC"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk>` +
  '<ZKN:scope><ZKN:object StUF:entiteittype="EDC" StUF:scope="alles"/></ZKN:scope></ZDS:geefZaakdocumentLezen_EdcLv01>');

const lijst = (zaak: string) => envelope(`<ZDS:geefLijstZaakdocumenten_ZakLv01 ${XMLNS}>${sg('Lv01', 'bench-lijst', 'ZAK')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaak}</ZKN:identificatie></ZKN:gelijk>` +
  '<ZKN:scope><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/><ZKN:heeftRelevant StUF:entiteittype="ZAKEDC">' +
  '<ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie xsi:nil="true"/><ZKN:titel xsi:nil="true"/></ZKN:gerelateerde>' +
  '<ZKN:registratiedatum xsi:nil="true"/></ZKN:heeftRelevant></ZKN:object></ZKN:scope></ZDS:geefLijstZaakdocumenten_ZakLv01>');

async function post(child: Child, path: string, action: string, body: string): Promise<{ status: number; bytes: number; ms: number }> {
  const t0 = performance.now();
  const r = await fetch(child.url + path, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${A12}${action}"` }, body, signal: AbortSignal.timeout(120_000) });
  const text = await r.arrayBuffer();
  return { status: r.status, bytes: text.byteLength, ms: performance.now() - t0 };
}

const status = (pid: number) => fs.readFileSync(`/proc/${pid}/status`, 'utf8');
const mb = (kb: string | undefined) => Math.round(Number(kb ?? 0) / 1024);
/** The gateway's resident memory now, and its peak since the last reset (Linux /proc). */
const rss = (pid: number) => mb(status(pid).match(/VmRSS:\s+(\d+)/)?.[1]);
const peak = (pid: number) => mb(status(pid).match(/VmHWM:\s+(\d+)/)?.[1]);
function resetPeak(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch { /* not allowed here: the peak is then since start */ }
}

export interface DocumentRow {
  scenario: string;
  db: string;
  ms: number;
  rss_increase_mb: number | null;
  target: string | null;
  meets_target: boolean | null;
}

/** Measures every gateway; `seed` creates a zaak on it. */
export async function documentBench(gateways: { db: string; child: Child }[], runId: string, seed: (child: Child, zaak: string) => Promise<void>): Promise<DocumentRow[]> {
  const rows: DocumentRow[] = [];
  for (const { db, child } of gateways) {
    const pid = child.proc.pid!;
    const zaak = `0999D${runId}${db.slice(0, 1).toUpperCase()}`;
    await seed(child, zaak);
    for (const [label, size] of [['1 MB', 1 << 20], ['50 MB', 50 << 20]] as const) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
      const id = `D${runId}${db.slice(0, 1)}${size}`;
      const body = toevoegen(id, zaak, bytes.toString('base64'));
      resetPeak(pid);
      let before = rss(pid);
      const t = await post(child, '/zds/1.2/OntvangAsynchroon', 'voegZaakdocumentToe_EdcLk01', body);
      if (t.status !== 200) throw new Error(`voegZaakdocumentToe ${label} on ${db}: HTTP ${t.status}`);
      const big = size > (1 << 20);
      rows.push({ scenario: `voegZaakdocumentToe ${label}`, db, ms: Math.round(t.ms), rss_increase_mb: peak(pid) - before,
        target: big ? '≤ 2000 ms, ≤ 200 MB' : null, meets_target: big ? t.ms <= 2000 && peak(pid) - before <= 200 : null });
      resetPeak(pid);
      before = rss(pid);
      const l = await post(child, '/zds/1.2/BeantwoordVraag', 'geefZaakdocumentLezen_EdcLv01', lezen(id));
      if (l.status !== 200 || l.bytes < size) throw new Error(`geefZaakdocumentLezen ${label} on ${db}: HTTP ${l.status}, ${l.bytes} bytes`);
      rows.push({ scenario: `geefZaakdocumentLezen ${label}`, db, ms: Math.round(l.ms), rss_increase_mb: peak(pid) - before, target: null, meets_target: null });
    }
    // 500 small documents on one zaak, then the list (median of 20)
    const lijstZaak = `${zaak}L`;
    await seed(child, lijstZaak);
    const klein = Buffer.from('kleine bijlage').toString('base64');
    for (let i = 0; i < 500; i++) {
      const r = await post(child, '/zds/1.2/OntvangAsynchroon', 'voegZaakdocumentToe_EdcLk01', toevoegen(`L${runId}${db.slice(0, 1)}${String(i).padStart(3, '0')}`, lijstZaak, klein));
      if (r.status !== 200) throw new Error(`seeding document ${i} on ${db}: HTTP ${r.status}`);
    }
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await post(child, '/zds/1.2/BeantwoordVraag', 'geefLijstZaakdocumenten_ZakLv01', lijst(lijstZaak));
      if (r.status !== 200) throw new Error(`geefLijstZaakdocumenten on ${db}: HTTP ${r.status}`);
      if (i) times.push(r.ms); // the first one warms up
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    rows.push({ scenario: 'geefLijstZaakdocumenten 500 documents (median of 20)', db, ms: Math.round(median * 10) / 10, rss_increase_mb: null, target: '≤ 50 ms', meets_target: median <= 50 });
  }
  return rows;
}

export function documentMarkdown(rows: DocumentRow[]): string {
  const lines = ['| Document scenario | DB | time ms | gateway peak RSS increase MB | target |', '|---|---|---:|---:|---|'];
  for (const r of rows) {
    lines.push(`| ${r.scenario} | ${r.db} | ${r.ms} | ${r.rss_increase_mb ?? ''} | ${r.target ? `${r.target} ${r.meets_target ? '✅' : '❌'}` : ''} |`);
  }
  return lines.join('\n');
}
