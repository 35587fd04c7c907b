// Dispatch on (endpoint, SOAPAction, body root). The SOAPAction decides, cross-checked with the root;
// an empty SOAPAction is resolved from the root only where that is unambiguous. Never a guess.
import { ROUTES, PORT_NAMES, type PortKind, type Route } from '../operations/registry.ts';
import type { DialectId } from '../stuf/dialect.ts';
import { StufError, StufCode } from '../stuf/errors.ts';
import { NS } from '../xml/namespaces.ts';

export interface Endpoint {
  dialect?: DialectId;
  port?: PortKind;
}

const byAction = new Map<string, Route[]>();
const byRoot = new Map<string, Route[]>();
for (const r of ROUTES) {
  byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
  const k = `{${r.rootNs}}${r.rootName}`;
  byRoot.set(k, [...(byRoot.get(k) ?? []), r]);
}

/** Roots shared by several services in ZDS 1.1: with no SOAPAction they are the plain StUF-ZKN message. */
const GENERIC = new Set(['zakLk01', 'zakLv01', 'edcLk01', 'edcLv01']);

/** StUF040 has plek server in StUF 03.01 Tabel 4.1 (guide §2.5), also when the sender's SOAPAction is the cause. */
function mismatch(details: string): StufError {
  return new StufError(StufCode.combinationUnsupported, details);
}

export function dispatch(endpoint: Endpoint, action: string, rootNs: string, rootName: string): Route {
  const root = `{${rootNs}}${rootName}`;
  let route: Route | undefined;
  if (action) {
    const candidates = byAction.get(action);
    if (!candidates) throw mismatch(`SOAPAction '${action}' is onbekend bij deze zaakservice`);
    route = candidates.find((r) => r.rootNs === rootNs && r.rootName === rootName);
    if (!route) {
      // 1.1/1.2 crossover: a ZDS 1.2 root names its service; accept it when the SOAPAction names the same one.
      const own = byRoot.get(root);
      route = own?.length === 1 && candidates.some((c) => c.operation === own[0].operation) ? own[0] : undefined;
    }
    if (!route) throw mismatch(`SOAPAction '${action}' hoort niet bij berichtelement ${rootName}`);
  } else {
    const own = byRoot.get(root) ?? [];
    route = own.length === 1 ? own[0]
      : rootNs === NS.ZKN && GENERIC.has(rootName) ? own.find((r) => r.dialect === 'stuf-zkn') : undefined;
    if (!route) throw mismatch(`Geen SOAPAction en berichtelement {${rootNs}}${rootName} is geen bekende zaakservice`);
  }
  if (endpoint.port && endpoint.port !== route.port) {
    throw mismatch(`${route.operation} hoort niet bij de ${PORT_NAMES[route.dialect][endpoint.port]}-service; gebruik ${PORT_NAMES[route.dialect][route.port]}`);
  }
  return route;
}

/**
 * The routes a message with this root can take on this endpoint: how a client (`stuf-gateway send`) finds the
 * SOAPAction of a message from the same table the gateway dispatches on.
 */
export function routesForRoot(endpoint: Endpoint, rootNs: string, rootName: string): Route[] {
  return (byRoot.get(`{${rootNs}}${rootName}`) ?? []).filter((r) => (!endpoint.dialect || r.dialect === endpoint.dialect) && (!endpoint.port || r.port === endpoint.port));
}
