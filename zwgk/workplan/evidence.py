"""Sources of evidence links for progress reports.

A progress report may link to records on the platform: a published document, an interpretation, a training …
Each app that holds such records registers a source in its AppConfig.ready():

    from zwgk.workplan.evidence import register_evidence_source

    def my_documents(agency_id: int, year: int) -> list[tuple[str, str]]:
        return [(reverse("documents:record", args=[r.pk]), r.title) for r in ...]

    register_evidence_source("document", "已发布文件", my_documents)

The report form then offers the unit's records of that kind; the link is stored as (kind, label, url) in
EvidenceLink, so the ledger never imports another app's models. Free web links use kind "link".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

ChoicesFn = Callable[[int, int], list[tuple[str, str]]]  # (agency_id, year) → [(url, label)]

LINK = "link"


@dataclass(frozen=True)
class EvidenceSource:
    kind: str
    label: str
    choices: ChoicesFn | None


REGISTERED: dict[str, EvidenceSource] = {LINK: EvidenceSource(LINK, "网页链接", None)}


def register_evidence_source(kind: str, label: str, choices: ChoicesFn | None = None) -> None:
    REGISTERED[kind] = EvidenceSource(kind, label, choices)


def sources() -> list[EvidenceSource]:
    return list(REGISTERED.values())


def label_of(kind: str) -> str:
    source = REGISTERED.get(kind)
    return source.label if source else kind


def valid_url(url: str) -> bool:
    """A site path ("/workspace/…") or an http(s) address; nothing else (no javascript:, data:, //host)."""
    url = url.strip()
    if url.startswith("/"):
        return not url.startswith("//") and "\\" not in url
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
