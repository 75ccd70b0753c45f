"""Match unit names written in a plan to the agency directory (pure module, no Django import).

A name matches an agency when it equals one of the agency's names (full name, short name, aliases) after
normalising spaces and parentheses, optionally without the district prefix ("天津市东丽区区发改委" → "区发改委")
or with "区" added ("发改委" → "区发改委"). "甲（乙）" matches when 甲 or 乙 does (two plates of one unit).

Collective names expand to agencies: 各街道园区 → streets and parks; 区政府各部门 → government departments;
区政府其他部门 → departments not named elsewhere in the item; "X其他成员单位" → members of coordination body X
not named elsewhere in the item. A name that matches nothing, matches two agencies, or expands to nothing is
reported as unmatched — never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zwgk.workplan.parser import ROLE_RANK, UnitRef, normalise_parentheses

# Agency kinds (the values of zwgk.agencies.models.AgencyKind; repeated here to keep this module pure).
GOVERNMENT = "government"
DEPARTMENT = "department"
STREET = "street"
PARK = "park"
COORDINATION = "coordination"


@dataclass(frozen=True)
class DirectoryEntry:
    id: int
    short_name: str
    names: tuple[str, ...]
    kind: str
    member_ids: tuple[int, ...] = ()
    sort_order: int = 0


@dataclass(frozen=True)
class Collective:
    """A collective name: every agency of `kinds`; `others` = only those not named elsewhere in the item."""

    pattern: re.Pattern[str]
    kinds: frozenset[str]
    description: str


_PREFIX = r"(?:[区市县](?:人民)?政府|政府系统|[区市县]级|全[区市县]|[区市县])?"
COLLECTIVES: list[Collective] = [
    Collective(
        re.compile(r"^(?:全[区市县])?各(?:乡镇)?街道(?:办事处)?[、和及与]?(?:各)?(?:功能)?园区(?:管委会)?$"),
        frozenset({STREET, PARK}),
        "各街道和园区",
    ),
    Collective(
        re.compile(r"^(?:全[区市县])?各(?:乡镇)?街道（(?:功能)?园区）$"),
        frozenset({STREET, PARK}),
        "各街道和园区",
    ),
    Collective(
        re.compile(r"^(?:全[区市县])?各(?:乡镇)?(?:街道|街道办事处|乡镇（街道）|乡镇街道|镇街)$"),
        frozenset({STREET}),
        "各街道",
    ),
    Collective(re.compile(r"^(?:全[区市县])?各(?:功能)?园区(?:管委会)?$"), frozenset({PARK}), "各园区"),
    Collective(
        re.compile(rf"^{_PREFIX}(?:所属)?(?:(?P<others>其他|其它|其余)各?|各)(?:部门|委办局|委局)$"),
        frozenset({DEPARTMENT}),
        "区政府各部门",
    ),
    Collective(
        re.compile(r"^(?:全[区市县])?各(?:单位|有关单位)$"),
        frozenset({DEPARTMENT, STREET, PARK}),
        "各单位",
    ),
]
MEMBERS_RE = re.compile(r"^(?P<body>.+?)(?:的)?(?P<others>其他|其它|其余)?(?:各)?成员单位$")
# "天津市东丽区区发改委", "东丽区发改委" → "区发改委" (names written with the district in front).
_DISTRICT_PREFIX_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}[省市])?[\u4e00-\u9fff]{2,3}[区县](?=.)")


@dataclass(frozen=True)
class NameMatch:
    name: str
    agency_ids: tuple[int, ...]
    how: str  # "name" | "collective" | "members" | "unmatched"
    reason: str = ""


@dataclass
class MatchedUnit:
    agency_id: int
    role: str
    via: str  # the name as written that produced this unit ("各街道园区", "区发改委")
    explicit: bool
    position: int = 0  # index of that name in the clause: units are listed in the order written


@dataclass
class ItemMatch:
    units: list[MatchedUnit] = field(default_factory=list)
    names: list[NameMatch] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def agency_ids(self, role: str | None = None) -> list[int]:
        return [u.agency_id for u in self.units if role is None or u.role == role]


def normalise(name: str) -> str:
    return normalise_parentheses(name).strip().strip("。，、；;")


class Directory:
    """The agencies a plan may name, indexed by every name they are known by."""

    def __init__(self, entries: Iterable[DirectoryEntry]) -> None:
        self.entries: dict[int, DirectoryEntry] = {}
        self._by_name: dict[str, set[int]] = {}
        for entry in sorted(entries, key=lambda e: (e.sort_order, e.id)):
            self.entries[entry.id] = entry
            for name in (entry.short_name, *entry.names):
                if name:
                    self._by_name.setdefault(normalise(name), set()).add(entry.id)

    # ---------------------------------------------------------------- single names

    def lookup(self, name: str) -> set[int]:
        """Agencies whose names equal `name` (after the tolerated variations)."""
        key = normalise(name)
        for candidate in self._variants(key):
            found = self._by_name.get(candidate)
            if found:
                return set(found)
        nested = re.match(r"^(?P<outer>[^（]+)（(?P<inner>[^（）]+)）$", key)
        if nested is not None:
            outer = self.lookup(nested.group("outer"))
            if outer:
                return outer
            return self.lookup(nested.group("inner"))
        return set()

    def _variants(self, key: str) -> list[str]:
        variants = [key]
        prefix = _DISTRICT_PREFIX_RE.match(key)
        if prefix is not None:
            rest = key[prefix.end() :]
            variants.append(rest)
            if not rest.startswith("区"):
                variants.append("区" + rest)
        if not key.startswith("区"):
            variants.append("区" + key)
        return variants

    def of_kinds(self, kinds: frozenset[str]) -> list[int]:
        return [e.id for e in self.entries.values() if e.kind in kinds]

    # ---------------------------------------------------------------- an item's clause

    def match_item(self, refs: Sequence[UnitRef]) -> ItemMatch:
        """Resolve an item's unit names; explicit names keep their role over collective expansions."""
        result = ItemMatch()
        explicit: dict[int, MatchedUnit] = {}
        pending: list[tuple[int, UnitRef, Collective | None, re.Match[str] | None]] = []
        for position, ref in enumerate(refs):
            collective, match = self._collective(ref.name)
            members = MEMBERS_RE.match(normalise(ref.name)) if collective is None else None
            if collective is not None or (members is not None and not self.lookup(ref.name)):
                pending.append((position, ref, collective, match if collective is not None else members))
                continue
            ids = self.lookup(ref.name)
            conjunction = False
            if not ids:
                ids = self._split_conjunction(ref.name)
                conjunction = bool(ids)
            if len(ids) == 1 or conjunction:
                ordered = sorted(ids, key=self._order)
                result.names.append(NameMatch(ref.name, tuple(ordered), "name"))
                for agency_id in ordered:
                    current = explicit.get(agency_id)
                    if current is None:
                        explicit[agency_id] = MatchedUnit(agency_id, ref.role, ref.name, True, position)
                        result.units.append(explicit[agency_id])
                    elif ROLE_RANK[ref.role] < ROLE_RANK[current.role]:
                        current.role = ref.role
            else:
                reason = "对应多个单位" if ids else "单位名录中没有此名称"
                result.names.append(NameMatch(ref.name, tuple(sorted(ids)), "unmatched", reason))
                result.unmatched.append(ref.name)
        named = set(explicit)
        collected: dict[int, MatchedUnit] = {}
        for position, ref, collective, match in pending:
            expanded, how, reason = self._expand(ref.name, collective, match, named)
            if not expanded:
                result.names.append(NameMatch(ref.name, (), "unmatched", reason))
                result.unmatched.append(ref.name)
                continue
            result.names.append(NameMatch(ref.name, tuple(expanded), how))
            for agency_id in expanded:
                if agency_id in explicit:
                    continue
                current = collected.get(agency_id)
                if current is None:
                    collected[agency_id] = MatchedUnit(agency_id, ref.role, ref.name, False, position)
                    result.units.append(collected[agency_id])
                elif ROLE_RANK[ref.role] < ROLE_RANK[current.role]:
                    current.role = ref.role
        result.units.sort(key=lambda unit: unit.position)  # stable: directory order within a collective
        return result

    def _order(self, agency_id: int) -> tuple[int, int]:
        entry = self.entries[agency_id]
        return (entry.sort_order, entry.id)

    def _collective(self, name: str) -> tuple[Collective | None, re.Match[str] | None]:
        key = normalise(name)
        if self.lookup(key):
            return None, None  # a directory entry named like a collective wins
        for collective in COLLECTIVES:
            match = collective.pattern.match(key)
            if match is not None:
                return collective, match
        return None, None

    def _expand(
        self,
        name: str,
        collective: Collective | None,
        match: re.Match[str] | None,
        named: set[int],
    ) -> tuple[list[int], str, str]:
        if collective is not None and match is not None:
            others = bool(match.groupdict().get("others"))
            ids = [i for i in self.of_kinds(collective.kinds) if not (others and i in named)]
            reason = "" if ids else f"单位名录中没有{collective.description}"
            return ids, "collective", reason
        assert match is not None
        bodies = self.lookup(match.group("body"))
        if len(bodies) != 1:
            return [], "members", f"未找到“{match.group('body')}”这一议事协调机构"
        body = self.entries[next(iter(bodies))]
        others = bool(match.group("others"))
        ids = [
            i
            for i in sorted(body.member_ids, key=lambda i: self._order(i) if i in self.entries else (0, i))
            if i in self.entries and not (others and i in named)
        ]
        reason = "" if ids else f"“{body.short_name}”没有登记（其他）成员单位"
        return ids, "members", reason

    def _split_conjunction(self, name: str) -> set[int]:
        """'区发改委和区统计局' → both, when every part is a known unit (names themselves may contain 和)."""
        parts = [p for p in re.split(r"[和及与]", normalise(name)) if p]
        if len(parts) < 2:
            return set()
        found: set[int] = set()
        for part in parts:
            ids = self.lookup(part)
            if len(ids) != 1:
                return set()
            found |= ids
        return found
