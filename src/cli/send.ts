// `stuf-gateway send FILE --url URL [--action A] [--soap 1.1|1.2]`: one message to a ZDS server, the answer on
// stdout. Without --action the SOAPAction comes from the gateway's own routing table (the Body's root, on the
// endpoint the URL names); a URL without a path gets the endpoint of that route. Exit 0 for a non-fault answer,
// 1 for a SOAP fault, 2 for usage or transport errors (no answer, or an answer that is neither SOAP nor a fault).
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { endpointOf, endpointPathOf } from '../http/server.ts';
import type { Route } from '../operations/registry.ts';
import { dispatch, routesForRoot, type Endpoint } from '../soap/dispatch.ts';
import type { StufError } from '../stuf/errors.ts';
import { parseEnvelope, requestHeaders, wrap, type SoapVersion } from '../soap/envelope.ts';
import { postSoap } from '../conformance/replay.ts';
import { action, EXIT, UsageError } from './program.ts';

interface Options { url: string; action?: string; soap?: SoapVersion }

/** The message as an envelope of the requested SOAP version: a bare StUF body is wrapped. */
function envelopeOf(raw: Buffer, soap: SoapVersion | undefined): { body: Buffer; version: SoapVersion; rootNs: string; rootName: string } {
  const text = raw.toString('utf8');
  const bare = !/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<([\w-]+:)?Envelope[\s>]/.test(text);
  const body = bare ? Buffer.from(wrap(soap ?? '1.1', text.replace(/^\s*<\?xml[^>]*\?>/, '')), 'utf8') : raw;
  let env;
  try {
    env = parseEnvelope(body);
  } catch (e) {
    throw new UsageError(`not a SOAP message: ${(e as StufError).details ?? (e as Error).message}`);
  }
  try {
    if (soap && soap !== env.version) throw new UsageError(`the file is a SOAP ${env.version} envelope; --soap ${soap} does not fit it`);
    return { body, version: env.version, rootNs: env.body.namespaceUri, rootName: env.body.name };
  } finally {
    env.doc.dispose();
  }
}

/** The route of the message: by its SOAPAction when given, else by its root on the endpoint (where that is unambiguous). */
function routeOf(endpoint: Endpoint, soapAction: string | undefined, rootNs: string, rootName: string, where: string): Route {
  const candidates = soapAction === undefined ? routesForRoot(endpoint, rootNs, rootName) : [];
  if (candidates.length === 1) return candidates[0];
  if (soapAction === undefined && endpoint.dialect) {
    throw new UsageError(candidates.length ? `${rootName} on ${where} is one of ${candidates.map((r) => r.operation).join(', ')}: give --action`
      : `no service on ${where} takes {${rootNs}}${rootName}`);
  }
  try {
    // the gateway's own rule (an empty SOAPAction is resolved from the root only where that is unambiguous)
    return dispatch(endpoint, soapAction ?? '', rootNs, rootName);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}: give --action and an endpoint URL`);
  }
}

export function sendCommand(): Command {
  return new Command('send')
    .description('send one message (a SOAP envelope or a bare StUF body) and print the answer')
    .argument('<file>', 'the message')
    .requiredOption('-u, --url <url>', 'the server: an endpoint (http://host/zds/1.2/OntvangAsynchroon) or just http://host:port')
    .option('-a, --action <soapAction>', 'SOAPAction (default: from the Body\'s root element and the endpoint)')
    .addOption(new Option('--soap <version>', 'SOAP version (default: that of the envelope; 1.1 for a bare body)').choices(['1.1', '1.2']))
    .addHelpText('after', `
Examples:
  stuf-gateway send creeerZaak.xml --url http://localhost:8080/zds/1.2/OntvangAsynchroon
  stuf-gateway send zakLk01.xml --url http://localhost:8080/zds/1.1/OntvangAsynchroon --action http://www.egem.nl/StUF/sector/zkn/0310/updateZaak_Lk01

Exit codes: 0 a non-fault answer, 1 a SOAP fault, 2 usage or transport error`)
    .action(action('send', async (file: string, o: Options) => {
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      let url: URL;
      try {
        url = new URL(o.url);
      } catch {
        throw new UsageError(`not a URL: ${o.url}`);
      }
      const msg = envelopeOf(fs.readFileSync(file), o.soap);
      const bare = url.pathname === '/' || url.pathname === '';
      const endpoint = bare ? {} : endpointOf(url.pathname);
      if (!endpoint) throw new UsageError(`${url.pathname} is no ZDS endpoint (/zds/1.2/*, /zds/1.1/*, /stuf-zkn/3.10/*, /soap)`);
      let soapAction = o.action;
      if (soapAction === undefined || bare) {
        const route = routeOf(endpoint, soapAction, msg.rootNs, msg.rootName, url.pathname);
        soapAction ??= route.action;
        if (bare) url.pathname = endpointPathOf(route.dialect, route.port);
      }
      const answer = await postSoap(url.href, requestHeaders(msg.version, soapAction), msg.body);
      if (answer.status === 0) {
        console.error(`send: no answer from ${url.href}: ${answer.text}`);
        return EXIT.usage;
      }
      process.stdout.write(answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`);
      const fault = /xml/.test(answer.contentType) && /<([\w-]+:)?Fault[\s>]/.test(answer.text);
      console.error(`send: ${url.href} SOAPAction "${soapAction}": HTTP ${answer.status}${fault ? ', SOAP fault' : ''}`);
      if (fault) return EXIT.failed;
      return answer.status === 200 && /xml/.test(answer.contentType) ? EXIT.ok : EXIT.usage;
    }));
}
