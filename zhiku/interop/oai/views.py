"""OAI-PMH 2.0 at /oai: the six verbs over GET and POST, ``oai_dc``, sets, resumption tokens.

Protocol errors are answered in the body with HTTP 200, as the protocol requires, with the
codes badVerb, badArgument, badResumptionToken, cannotDisseminateFormat, idDoesNotExist,
noRecordsMatch and noSetHierarchy. Withdrawn works stay as ``status="deleted"`` headers
(``deletedRecord`` is ``persistent``); drafts never appear.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db.models import Min, Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from zhiku.catalog.models import Unit, Work
from zhiku.interop.oai import tokens as oai_tokens
from zhiku.interop.oai.records import (
    METADATA_FORMATS,
    OAI,
    XML_FORBIDDEN,
    XSI,
    add_header,
    add_record,
    clean,
    datestamp,
    unit_paths,
    work_id_of,
)

_NONE: frozenset[str] = frozenset()
_SELECTIVE = frozenset({"from", "until", "set"})
#: Each verb's (required, optional, exclusive) arguments, besides ``verb``.
VERBS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    "Identify": (_NONE, _NONE, None),
    "ListMetadataFormats": (_NONE, frozenset({"identifier"}), None),
    "ListSets": (_NONE, _NONE, "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), _NONE, None),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), _SELECTIVE, "resumptionToken"),
    "ListRecords": (frozenset({"metadataPrefix"}), _SELECTIVE, "resumptionToken"),
}

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OAIError(Exception):
    """A protocol error: ``code`` is the OAI error code, the message goes in the body."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def page_size() -> int:
    return int(getattr(settings, "ZHIKU_OAI_PAGE_SIZE", 100))


@csrf_exempt  # harvesters POST forms without a session; nothing is written
@require_http_methods(["GET", "POST", "HEAD"])
def endpoint(request):
    """The OAI-PMH response to a GET or POST request (always HTTP 200, XML)."""
    params = request.POST if request.method == "POST" else request.GET
    base_url = request.build_absolute_uri(reverse("interop:oai"))
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    etree.SubElement(root, f"{{{OAI}}}responseDate").text = datestamp(timezone.now())
    req = etree.SubElement(root, f"{{{OAI}}}request")
    req.text = base_url
    try:
        verb, args = _arguments(params)
        _echo(req, verb, args)
        handler = HANDLERS[verb]
        handler(root, args, request)
    except OAIError as error:
        for child in list(root)[2:]:
            root.remove(child)
        if error.code in {"badVerb", "badArgument"}:
            req.attrib.clear()
        etree.SubElement(root, f"{{{OAI}}}error", code=error.code).text = error.message
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


#: What the schema accepts in each echoed attribute of <request>; others are not echoed.
ECHOABLE = {
    "identifier": re.compile(r"^\S{1,1000}$"),
    "metadataPrefix": re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$"),
    "set": re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$"),
    "from": re.compile(f"{DAY.pattern}|{SECOND.pattern}"),
    "until": re.compile(f"{DAY.pattern}|{SECOND.pattern}"),
    "resumptionToken": re.compile(r"^\S{1,4000}$"),
}


def _echo(req, verb: str, args: dict[str, str]) -> None:
    """Repeat the request's arguments on <request>, as the protocol asks."""
    req.set("verb", verb)
    for name, value in args.items():
        if ECHOABLE[name].match(value) and not XML_FORBIDDEN.search(value):
            req.set(name, value)


def _arguments(params) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, checked against the protocol (badVerb/badArgument)."""
    values = {key: params.getlist(key) for key in params}
    verbs = values.pop("verb", [])
    if len(verbs) != 1:
        raise OAIError("badVerb", "The verb argument is missing or repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"{clean(verb)[:100]!r} is not an OAI-PMH verb.")
    if any(
        XML_FORBIDDEN.search(k) or any(XML_FORBIDDEN.search(x) for x in v)
        for k, v in values.items()
    ):
        # a name or value XML cannot carry: it can be neither echoed nor named in the message
        raise OAIError("badArgument", "An argument name or value contains a control character.")
    repeated = sorted(k for k, v in values.items() if len(v) != 1)
    if repeated:
        raise OAIError("badArgument", f"Repeated argument: {clean(', '.join(repeated))[:200]}.")
    args = {k: v[0] for k, v in values.items()}
    required, optional, exclusive = VERBS[verb]
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OAIError("badArgument", f"{exclusive} must be the only argument besides verb.")
        return verb, args
    unknown = sorted(set(args) - required - optional)
    if unknown:
        raise OAIError(
            "badArgument", f"Illegal argument for {verb}: {clean(', '.join(unknown))[:200]}."
        )
    missing = sorted(required - set(args))
    if missing:
        raise OAIError("badArgument", f"Missing argument for {verb}: {', '.join(missing)}.")
    return verb, args


def _public_works():
    return (
        Work.objects.public()
        .with_authors()
        .select_related("translation_of")
        .prefetch_related(
            "authorships__person__positions",
            Prefetch("translations", queryset=Work.objects.published()),
        )
    )


def _check_prefix(prefix: str) -> None:
    if prefix not in {p for p, _, _ in METADATA_FORMATS}:
        raise OAIError(
            "cannotDisseminateFormat", f"{clean(prefix)[:100]!r} is not offered; use oai_dc."
        )


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- verbs ------------------------------------------------------------------------------------


def identify(root, args, request) -> None:
    earliest = Work.objects.public().aggregate(first=Min("updated"))["first"] or timezone.now()
    node = etree.SubElement(root, f"{{{OAI}}}Identify")
    repository_name = settings.ZHIKU_SITE_NAME
    admin = getattr(settings, "ZHIKU_ADMIN_EMAIL", "")
    for name, text in (
        ("repositoryName", repository_name),
        ("baseURL", request.build_absolute_uri(reverse("interop:oai"))),
        ("protocolVersion", "2.0"),
        ("adminEmail", admin),
        ("earliestDatestamp", datestamp(earliest)),
        ("deletedRecord", "persistent"),
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ):
        etree.SubElement(node, f"{{{OAI}}}{name}").text = text


def list_metadata_formats(root, args, request) -> None:
    if "identifier" in args:
        work_id = work_id_of(args["identifier"])
        if work_id is None or not Work.objects.public().filter(pk=work_id).exists():
            raise OAIError("idDoesNotExist", "No item has this identifier.")
    node = etree.SubElement(root, f"{{{OAI}}}ListMetadataFormats")
    for prefix, schema, namespace in METADATA_FORMATS:
        fmt = etree.SubElement(node, f"{{{OAI}}}metadataFormat")
        etree.SubElement(fmt, f"{{{OAI}}}metadataPrefix").text = prefix
        etree.SubElement(fmt, f"{{{OAI}}}schema").text = schema
        etree.SubElement(fmt, f"{{{OAI}}}metadataNamespace").text = namespace


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set, top sets first; empty when there is nothing to group."""
    types = set(Work.objects.public().values_list("type", flat=True).distinct())
    labels = dict(Work.Type.choices)
    sets: list[tuple[str, str]] = []
    if types:
        sets.append(("type", "Works by type"))
        sets += [(f"type:{t}", str(labels[t])) for t in Work.Type.values if t in types]
    units = {u.pk: u for u in Unit.objects.all()}
    if units:
        sets.append(("unit", "Works by unit"))
        paths = unit_paths()
        sets += sorted((paths[pk], units[pk].name) for pk in units)
    return sets


def list_sets(root, args, request) -> None:
    if "resumptionToken" in args:
        raise OAIError(
            "badResumptionToken", "ListSets is answered in one response; no token applies."
        )
    sets = all_sets()
    if not sets:
        raise OAIError("noSetHierarchy", "This repository has no sets yet.")
    node = etree.SubElement(root, f"{{{OAI}}}ListSets")
    for spec, name in sets:
        item = etree.SubElement(node, f"{{{OAI}}}set")
        etree.SubElement(item, f"{{{OAI}}}setSpec").text = spec
        etree.SubElement(item, f"{{{OAI}}}setName").text = clean(name)


def get_record(root, args, request) -> None:
    work_id = work_id_of(args["identifier"])
    work = _public_works().filter(pk=work_id).first() if work_id else None
    if work is None:
        raise OAIError("idDoesNotExist", "No item has this identifier.")
    _check_prefix(args["metadataPrefix"])
    node = etree.SubElement(root, f"{{{OAI}}}GetRecord")
    add_record(node, work, unit_paths(), _site_url(request))


def _parse_bound(value: str, name: str) -> tuple[dt.datetime, str]:
    """A from/until value as an aware UTC datetime, and its granularity ("day" or "second")."""
    try:
        if DAY.match(value):
            return dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC), "day"
        if SECOND.match(value):
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=dt.UTC
            ), "second"
    except ValueError:
        pass
    raise OAIError(
        "badArgument",
        f"{name}={clean(value)[:40]!r} is not a UTC date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).",
    )


def _selection(state: oai_tokens.ListState):
    """The works a list covers, ordered by id; raises noSetHierarchy/noRecordsMatch-free."""
    works = _public_works().filter(updated__lt=dt.datetime.fromtimestamp(state.cutoff, dt.UTC))
    if state.frm:
        start, _ = _parse_bound(state.frm, "from")
        works = works.filter(updated__gte=start)
    if state.until:
        end, grain = _parse_bound(state.until, "until")
        works = works.filter(
            updated__lt=end + (dt.timedelta(days=1) if grain == "day" else dt.timedelta(seconds=1))
        )
    if state.set:
        works = _in_set(works, state.set)
    return works.order_by("pk")


def _in_set(works, spec: str):
    if not all_sets():
        raise OAIError("noSetHierarchy", "This repository has no sets yet.")
    if spec == "type":
        return works
    if spec.startswith("type:"):
        return works.filter(type=spec.removeprefix("type:"))
    if spec == "unit":
        return works.filter(authorships__person__positions__isnull=False).distinct()
    if spec.startswith("unit:"):
        paths = unit_paths()
        matches = [pk for pk, path in paths.items() if path == spec]
        if not matches:
            return works.none()
        ids = Unit.objects.get(pk=matches[0]).descendant_ids()
        return works.filter(authorships__person__positions__unit_id__in=ids).distinct()
    return works.none()


def _list(root, args, request, verb: str) -> None:
    if "resumptionToken" in args:
        try:
            state = oai_tokens.decode(args["resumptionToken"], verb)
        except oai_tokens.BadToken as exc:
            raise OAIError("badResumptionToken", str(exc)) from exc
    else:
        _check_prefix(args["metadataPrefix"])
        bounds = [_parse_bound(args[n], n) for n in ("from", "until") if n in args]
        if len(bounds) == 2:
            if bounds[0][1] != bounds[1][1]:
                raise OAIError("badArgument", "from and until must have the same granularity.")
            if bounds[0][0] > bounds[1][0]:
                raise OAIError("badArgument", "from is later than until.")
        state = oai_tokens.ListState(
            verb=verb,
            prefix=args["metadataPrefix"],
            frm=args.get("from"),
            until=args.get("until"),
            set=args.get("set"),
            cutoff=timezone.now().timestamp() + 1,
            after=0,
            cursor=0,
            size=0,
        )
        state = oai_tokens.ListState(**{**state.__dict__, "size": _selection(state).count()})
    works = list(_selection(state).filter(pk__gt=state.after)[: page_size() + 1])
    if not works:  # nothing matched, or the rest of a list was unpublished meanwhile
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    more, works = len(works) > page_size(), works[: page_size()]
    node = etree.SubElement(root, f"{{{OAI}}}{verb}")
    paths, site = unit_paths(), _site_url(request)
    for work in works:
        if verb == "ListRecords":
            add_record(node, work, paths, site)
        else:
            add_header(node, work, paths)
    if more or state.cursor:
        token = etree.SubElement(node, f"{{{OAI}}}resumptionToken")
        token.set("completeListSize", str(max(state.size, state.cursor + len(works), 1)))
        token.set("cursor", str(state.cursor))
        if more:
            following = oai_tokens.ListState(
                **{**state.__dict__, "after": works[-1].pk, "cursor": state.cursor + len(works)}
            )
            token.set("expirationDate", datestamp(timezone.now() + oai_tokens.lifetime()))
            token.text = oai_tokens.encode(following)


def list_identifiers(root, args, request) -> None:
    _list(root, args, request, "ListIdentifiers")


def list_records(root, args, request) -> None:
    _list(root, args, request, "ListRecords")


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
