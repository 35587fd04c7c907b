#!/usr/bin/env python3
"""Interop check with python zeep (4.2): load the gateway's ZDS 1.2 and 1.1 WSDLs over HTTP (?wsdl) and call
genereerZaakIdentificatie and geefZaakdetails through the WSDL-loaded clients.

Usage: zeep_client.py BASE_URL [--ontvanger-applicatie ZKM] [--ontvanger-organisatie ORG]
Prints one JSON document on stdout; exits 0 when it could run the calls (the outcome is in the JSON),
2 when zeep is missing.

zeep 4.2 cannot load even the official ZDS WSDLs: GML 3.1.1 (imported by the StUF-BG schemas) restricts a
list type (gml:CountExtentType restricts gml:integerOrNullList), zeep leaves the list's item type as an
unresolved QName and fails with
    AttributeError: 'QName' object has no attribute 'resolve'   (zeep/xsd/types/collection.py)
patch_zeep() makes such an item type fall back to xsd:anySimpleType. No ZDS message uses these GML types.
"""
import argparse
import datetime
import json
import sys
import uuid

try:
    import zeep
    from lxml import etree
    from zeep.xsd.types.builtins import AnySimpleType
    from zeep.xsd.types.collection import ListType
except ImportError as e:  # pragma: no cover
    print(json.dumps({"error": f"python zeep is not installed: {e}"}))
    sys.exit(2)

STUF = "http://www.egem.nl/StUF/StUF0301"


def patch_zeep():
    """Fall back to anySimpleType for a list item type zeep could not resolve (GML restriction of a list)."""
    original = ListType.resolve
    if getattr(original, "_zds_patched", False):
        return

    def resolve(self):
        if not hasattr(self.item_type, "resolve"):  # an unresolved lxml QName
            self.item_type = AnySimpleType()
        return original(self)

    resolve._zds_patched = True
    ListType.resolve = resolve


VERSIONS = [
    {"version": "1.2", "vrij": "/zds/1.2/VerwerkSynchroonVrijBericht", "vraag": "/zds/1.2/BeantwoordVraag",
     "genereer": "genereerZaakIdentificatie_Di02", "details": "geefZaakdetails_ZakLv01"},
    {"version": "1.1", "vrij": "/zds/1.1/VrijeBerichten", "vraag": "/zds/1.1/BeantwoordVraag",
     "genereer": "genereerZaakIdentificatie_Di02", "details": "geefZaakdetails_Lv01"},
]


def value(v):
    """Text of a zeep value: elements with attributes (StUF:exact, noValue) come back as CompoundValue."""
    if v is None:
        return None
    return getattr(v, "_value_1", v)


def load(url):
    client = zeep.Client(url, settings=zeep.Settings(strict=False, xml_huge_tree=True))
    return client, sorted(client.service._binding._operations.keys())


def outcome(call):
    """Run a call; a SOAP Fault and other errors become data, with the StUF foutcode of the Fo-bericht."""
    try:
        return {"ok": True, **call()}
    except zeep.exceptions.Fault as f:
        detail = f.detail
        code = detail.find(f".//{{{STUF}}}code") if detail is not None else None
        return {"ok": False, "fault": {
            "faultcode": str(f.code) if f.code is not None else None,
            "faultstring": f.message,
            "stufCode": code.text if code is not None else None,
            "detail": etree.tostring(detail, encoding="unicode") if detail is not None else None,
        }}
    except Exception as e:  # noqa: BLE001 - report everything else as a failed call
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}


def run(base, ontvanger, zaken):
    now = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    zender = {"organisatie": "INTEROP", "applicatie": "ZEEP", "gebruiker": "zeep"}

    def stuurgegevens(berichtcode, **extra):
        return {"berichtcode": berichtcode, "zender": zender, "ontvanger": ontvanger,
                "referentienummer": f"zeep-{uuid.uuid4().hex[:24]}", "tijdstipBericht": now, **extra}

    results = []
    for v in VERSIONS:
        r = {"version": v["version"]}
        results.append(r)
        vrij_url = base + v["vrij"] + "?wsdl"
        vraag_url = base + v["vraag"] + "?wsdl"
        loaded = outcome(lambda: dict(zip(("client", "operations"), load(vrij_url))))
        r["vrijWsdl"] = {"url": vrij_url, "ok": loaded["ok"], "operations": loaded.get("operations"), "error": loaded.get("error")}
        if not loaded["ok"]:
            continue
        vrij = loaded["client"]

        def genereer():
            answer = getattr(vrij.service, v["genereer"])(
                stuurgegevens=stuurgegevens("Di02", functie="genereerZaakidentificatie"))
            return {"identificatie": value(answer.zaak.identificatie),
                    "berichtcode": answer.stuurgegevens.berichtcode}

        r["genereerZaakIdentificatie"] = outcome(genereer)
        zaak_id = r["genereerZaakIdentificatie"].get("identificatie")

        loaded = outcome(lambda: dict(zip(("client", "operations"), load(vraag_url))))
        r["vraagWsdl"] = {"url": vraag_url, "ok": loaded["ok"], "operations": loaded.get("operations"), "error": loaded.get("error")}
        if not loaded["ok"]:
            continue
        vraag = loaded["client"]
        zaak_id = zaken[v["version"]]  # registered by the test before this script runs

        def details():
            answer = getattr(vraag.service, v["details"])(
                stuurgegevens=stuurgegevens("Lv01", entiteittype="ZAK"),
                parameters={"sortering": 0, "indicatorVervolgvraag": False},
                gelijk={"entiteittype": "ZAK", "identificatie": zaak_id},
                scope={"object": {"entiteittype": "ZAK", "scope": "alles"}})
            objects = answer.antwoord.object if answer.antwoord is not None else []
            if not isinstance(objects, list):  # 1.2: one object; 1.1: a list
                objects = [objects]
            return {"berichtcode": answer.stuurgegevens.berichtcode,
                    "identificaties": [value(o.identificatie) for o in objects]}

        r["geefZaakdetails"] = {"identificatie": zaak_id, **outcome(details)}
    return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base_url", help="gateway base URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--ontvanger-applicatie", default="ZKM")
    p.add_argument("--ontvanger-organisatie")
    p.add_argument("--zaak-1.2", dest="zaak12", required=True, help="identificatie of an existing zaak to query over ZDS 1.2")
    p.add_argument("--zaak-1.1", dest="zaak11", required=True, help="identificatie of an existing zaak to query over ZDS 1.1")
    a = p.parse_args()
    patch_zeep()
    ontvanger = {"applicatie": a.ontvanger_applicatie}
    if a.ontvanger_organisatie:
        ontvanger = {"organisatie": a.ontvanger_organisatie, **ontvanger}
    out = {"zeep": zeep.__version__, "python": sys.version.split()[0], "results": run(a.base_url.rstrip("/"), ontvanger, {"1.2": a.zaak12, "1.1": a.zaak11})}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
