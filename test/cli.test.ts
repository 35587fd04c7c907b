// The CLI (stuf-gateway, src/cli/): --help of the program and of every subcommand, the exit codes (0 done, 1 a
// fault or failure, 2 usage or transport), and `send` against a test gateway: the SOAPAction and, for a URL
// without a path, the endpoint derived from the gateway's routing table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fill, messageVariables } from '../src/conformance/template.ts';
import { freePort, freshDatabase, runCli, suiteGateway, textOf } from './helpers.ts';
import { KOPPELING_DIR } from './koppeling/fixtures.ts';

const SUBCOMMANDS = ['serve', 'migrate', 'schemas', 'send', 'conformance', 'bench', 'audit', 'outbox', 'dashboard'];

describe('stuf-gateway: help and exit codes', () => {
  it('--help lists every subcommand and the exit codes (exit 0)', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const c of SUBCOMMANDS) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), `${c} in the help`);
    assert.match(r.stdout, /Exit codes:\n  0 .*\n  1 .*\n  2 /);
  });

  it('every subcommand has its own --help (exit 0)', async () => {
    const all = await Promise.all([...SUBCOMMANDS, 'schemas install', 'outbox list', 'outbox retry', 'dashboard wachtwoord'].map(async (c) => [c, await runCli([...c.split(' '), '--help'])] as const));
    for (const [c, r] of all) {
      assert.equal(r.code, 0, `${c} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: stuf-gateway ${c}\\b`, 'm'), c);
    }
  });

  it('usage errors exit 2: unknown command or option, missing argument, a file or manifest that does not exist', async () => {
    const cases = [['frobnicate'], ['migrate', '--frob'], ['send'], ['send', 'geen-bestand.xml', '--url', 'http://127.0.0.1:9'], ['send', 'package.json'],
      ['conformance', '--url', 'http://127.0.0.1:9', '--manifest', 'geen.json'], ['conformance', '--manifest', 'fixtures/koppeling/manifest.json'],
      ['audit'], ['outbox', 'list', '--state', 'weg'], ['outbox', 'retry']];
    const all = await Promise.all(cases.map(async (c) => [c, await runCli(c)] as const));
    for (const [c, r] of all) assert.equal(r.code, 2, `${c.join(' ')}: exit ${r.code}\n${r.stderr}`);
  });

  it('schemas install: a --source that does not exist, or holds no bundles, is a usage error (exit 2) and installs nothing', async () => {
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-schemas-target-'));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-schemas-source-'));
    try {
      const [missing, bare] = await Promise.all([
        runCli(['schemas', 'install', '--source', '/nonexistent'], { STUF_SCHEMA_DIR: target }),
        runCli(['schemas', 'install', '--source', empty], { STUF_SCHEMA_DIR: target }),
      ]);
      assert.equal(missing.code, 2, missing.stderr);
      assert.match(missing.stderr, /^schemas install: no such folder: \/nonexistent; --source DIR .* \(see schemas install --help\)$/m);
      assert.equal(bare.code, 2, bare.stderr);
      assert.match(bare.stderr, /no zds-1\.1, zds-1\.2 in /);
      assert.deepEqual(fs.readdirSync(target), []);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('schemas check: the installed bundles compile (exit 0); an empty schema folder exits 1', async () => {
    const ok = await runCli(['schemas', 'check']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /zds-1\.1, zds-1\.2 installed in .* each compiles/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-schemas-'));
    try {
      const r = await runCli(['schemas', 'check'], { STUF_SCHEMA_DIR: empty });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /not installed/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('migrate brings the configured database up to date (exit 0)', async () => {
    const db = await freshDatabase({ file: true });
    try {
      const r = await runCli(['migrate'], { DATABASE_URL: db.url, STUF_CONFIG: '' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /is up to date \(0 pending\)/);
    } finally {
      await db.drop();
    }
  });
});

describe('stuf-gateway send against a test gateway', () => {
  const gw = suiteGateway();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-send-'));
  /** A fixture message, filled, in a temp file. */
  const message = (file: string, vars: Record<string, string> = {}) => {
    const out = path.join(dir, path.basename(file));
    const template = fs.readFileSync(path.join(KOPPELING_DIR, file), 'utf8');
    fs.writeFileSync(out, fill(template, { ...messageVariables(), zender: 'REGIE', ...vars }));
    return out;
  };

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a ZDS 1.2 genereerZaakIdentificatie to its endpoint: the SOAPAction from the root, the Du02 on stdout, exit 0', async () => {
    const r = await runCli(['send', message('zds-1.2/01-genereerZaakIdentificatie-gezinsplan.xml'), '--url', `${gw.srv.url}/zds/1.2/VerwerkSynchroonVrijBericht`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /genereerZaakIdentificatie_Du02/);
    assert.ok(textOf(r.stdout, 'identificatie'), 'a new identificatie');
    assert.match(r.stderr, /SOAPAction "http:\/\/www\.stufstandaarden\.nl\/koppelvlak\/zds0120\/genereerZaakIdentificatie_Di02": HTTP 200/);
  });

  it('a URL without a path gets the endpoint of the route (ZDS 1.1 VrijeBerichten); a bare StUF body is wrapped (SOAP 1.2 with --soap 1.2)', async () => {
    const r = await runCli(['send', message('zds-1.1/01-genereerZaakIdentificatie-gezinsplan.xml'), '--url', gw.srv.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\/zds\/1\.1\/VrijeBerichten SOAPAction "http:\/\/www\.egem\.nl\/StUF\/sector\/zkn\/0310\/genereerZaakIdentificatie_Di02"/);
    const envelope = fs.readFileSync(message('zds-1.2/01-genereerZaakIdentificatie-gezinsplan.xml'), 'utf8');
    const bare = path.join(dir, 'bare.xml');
    // the Body child alone, with the namespace declarations it had from the Envelope
    const xmlns = envelope.match(/<soapenv:Envelope([^>]*)>/)![1].replace(/\s*xmlns:soapenv="[^"]*"/, '');
    fs.writeFileSync(bare, envelope.match(/<soapenv:Body>\s*([\s\S]*?)\s*<\/soapenv:Body>/)![1].replace(/^<(\w+:\w+)/, `<$1 ${xmlns}`));
    const r12 = await runCli(['send', bare, '--url', gw.srv.url, '--soap', '1.2']);
    assert.equal(r12.code, 0, r12.stderr);
    assert.match(r12.stdout, /http:\/\/www\.w3\.org\/2003\/05\/soap-envelope/, 'answered in SOAP 1.2');
  });

  it('a SOAP fault exits 1: a vrij bericht sent with its SOAPAction to the BeantwoordVraag port (StUF040)', async () => {
    const r = await runCli(['send', message('zds-1.2/01-genereerZaakIdentificatie-gezinsplan.xml'), '--url', `${gw.srv.url}/zds/1.2/BeantwoordVraag`,
      '--action', 'http://www.stufstandaarden.nl/koppelvlak/zds0120/genereerZaakIdentificatie_Di02']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /Fault/);
    assert.equal(textOf(r.stdout, 'code'), 'StUF040');
  });

  it('exit 2: a ZDS 1.1 zakLk01 without --action (three services share the root), and no server listening', async () => {
    const ambiguous = await runCli(['send', message('zds-1.1/02-creeerZaak-gezinsplan.xml', { gezinsplan: '0999X1', bsnOuder: '111222333', bsnKind: '123456782', datum: '20261201', oudeToelichting: 'x' }),
      '--url', `${gw.srv.url}/zds/1.1/OntvangAsynchroon`]);
    assert.equal(ambiguous.code, 2, ambiguous.stderr);
    assert.match(ambiguous.stderr, /zakLk01 on \/zds\/1\.1\/OntvangAsynchroon is one of .*creeerZaak.*: give --action/);
    const down = await runCli(['send', message('zds-1.2/01-genereerZaakIdentificatie-gezinsplan.xml'), '--url', `http://127.0.0.1:${await freePort()}/zds/1.2/VerwerkSynchroonVrijBericht`]);
    assert.equal(down.code, 2, down.stderr);
    assert.match(down.stderr, /no answer from/);
  });
});
