"""The published OAI-PMH and oai_dc schemas, loaded offline, and a request helper."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema
from lxml import etree

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"o": OAI, "oai_dc": OAI_DC, "dc": DC}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def oai_schema() -> xmlschema.XMLSchema:
    """OAI-PMH.xsd with oai_dc.xsd and Simple DC; their remote locations map to our copies."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "OAI-PMH.xsd"),
        allow="local",  # never the network
        locations=[(OAI_DC, (SCHEMAS / "oai_dc.xsd").as_uri())],
        uri_mapper={
            "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": (
                SCHEMAS / "simpledc20021212.xsd"
            ).as_uri()
        },
    )


def oai(client, method: str = "get", **params):
    """Ask /oai; check HTTP 200, XML, and validity against the schemas; return the root."""
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    oai_schema().validate(root)  # raises with the path and the rule broken
    return root


def error_code(root) -> str | None:
    error = root.find("o:error", NS)
    return None if error is None else error.get("code")
