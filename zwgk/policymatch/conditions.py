"""政策找人: the condition language of 申报条件, profile fields, and explainable evaluation (pure, no Django).

A policy's conditions are a JSON tree (README: 政策找人):

    {"all": [
        {"field": "size", "op": "in", "value": ["小型", "微型"], "clause": "第二条第一款"},
        {"any": [{"field": "employees", "op": "<=", "value": 300, "clause": "第二条第二款"},
                 {"field": "revenue", "op": "<", "value": 5000, "clause": "第二条第二款"}]},
        {"not": {"field": "tax_credit", "op": "in", "value": ["C", "D"], "clause": "第三条"}}
    ]}

Leaves compare one named profile field (`op` one of == != < <= > >= in not_in) and cite the clause of the policy
they come from. Evaluation is three-valued (Kleene): a leaf over a field the profile lacks is unknown, so a
profile is 符合 (eligible), 可能符合 (maybe: nothing failed, something unknown) or 不符合 (ineligible).
`not` is pushed down to the leaves when parsing (De Morgan), so every explanation lists leaves that speak
for the outcome: an eligible result has only met leaves, a maybe result no failed ones.

Two evaluators share the parsed tree: `evaluate` walks it for one profile and explains; `Population` evaluates
a whole set of profiles at once with one bitset per leaf (the "who does this policy concern?" question).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from typing import Any

from zwgk.policymatch.enterprise import INDUSTRY_SECTIONS, SIZES, derive_size, division_choices, section_of

KINDS: dict[str, str] = {"enterprise": "企业", "person": "个人"}

TYPES = ("int", "number", "date", "bool", "choice", "text")
TYPE_LABELS = {
    "int": "整数",
    "number": "数值",
    "date": "日期（YYYY-MM-DD）",
    "bool": "是/否（true/false）",
    "choice": "选项",
    "text": "文字",
}
OPS: dict[str, str] = {
    "==": "等于",
    "!=": "不等于",
    "<": "小于",
    "<=": "不超过",
    ">": "大于",
    ">=": "不低于",
    "in": "属于",
    "not_in": "不属于",
}
ORDERED_OPS = frozenset({"<", "<=", ">", ">="})
NEGATED_OP = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
    "in": "not_in",
    "not_in": "in",
}
OPS_BY_TYPE: dict[str, frozenset[str]] = {
    "int": frozenset(OPS),
    "number": frozenset(OPS),
    "date": frozenset(OPS),
    "bool": frozenset({"==", "!="}),
    "choice": frozenset({"==", "!=", "in", "not_in"}),
    "text": frozenset({"==", "!=", "in", "not_in"}),
}

ELIGIBLE, MAYBE, INELIGIBLE = "eligible", "maybe", "ineligible"
LEVEL_LABELS = {ELIGIBLE: "符合", MAYBE: "可能符合", INELIGIBLE: "不符合"}


@dataclass(frozen=True, eq=False)  # one object per field in a registry: identity is equality
class ProfileField:
    key: str
    label: str
    type: str
    kinds: frozenset[str]
    # For "choice": value → label (the stored value is the key; the label is shown).
    choices: Mapping[str, str] | None = None
    help: str = ""

    def choice_label(self, value: Any) -> str:
        if self.choices and value in self.choices and self.choices[value] != value:
            return f"{value}（{self.choices[value]}）"
        return str(value)


def _choices(*values: str) -> dict[str, str]:
    return {v: v for v in values}


# The streets of the district (demo data and benchmarks; 注册地 / 户籍 / 常住 fields accept any street name).
DISTRICT_STREETS = (
    "张贵庄街",
    "丰年村街",
    "万新街",
    "无瑕街",
    "新立街",
    "华明街",
    "金钟街",
    "军粮城街",
    "金桥街",
    "华新街",
)

E, P = frozenset({"enterprise"}), frozenset({"person"})

BUILTIN_FIELDS: tuple[ProfileField, ...] = (
    ProfileField("industry", "行业", "choice", E, INDUSTRY_SECTIONS, "国民经济行业分类 GB/T 4754-2017 门类"),
    ProfileField(
        "industry_division",
        "行业大类",
        "choice",
        E,
        division_choices(),
        "GB/T 4754-2017 大类，填写后自动确定门类",
    ),
    # 统计上大中小微型企业划分办法（2017）; derived from the indicators below when not stated (enterprise.py).
    ProfileField(
        "size",
        "企业规模",
        "choice",
        E,
        _choices(*SIZES),
        "按统计上大中小微型企业划分办法（2017），不填则按下列指标测算",
    ),
    ProfileField("employees", "从业人数", "int", E),
    ProfileField("revenue", "营业收入（万元）", "number", E),
    ProfileField("assets", "资产总额（万元）", "number", E, help="建筑业、租赁和商务服务业划型用"),
    ProfileField("founded_on", "成立日期", "date", E),
    ProfileField("registered_street", "注册地（街道）", "text", E),
    ProfileField("tax_credit", "纳税信用等级", "choice", E, _choices("A", "B", "M", "C", "D")),
    ProfileField("high_tech", "高新技术企业", "bool", E),
    ProfileField("specialized", "专精特新企业", "bool", E),
    ProfileField("epidemic_affected", "受疫情影响行业", "bool", E),
    ProfileField("age", "年龄", "int", P),
    ProfileField("hukou_street", "户籍街道", "text", P),
    ProfileField("residence_street", "常住街道", "text", P),
    ProfileField("employment", "就业状态", "choice", P, _choices("在职", "灵活就业", "失业", "未就业")),
    ProfileField("graduate", "高校毕业生", "bool", P),
    ProfileField("veteran", "退役军人", "bool", P),
    ProfileField("disabled", "残疾人", "bool", P),
    ProfileField("dibao", "低保对象", "bool", P),
    ProfileField("over_60", "60岁以上", "bool", P),
)


class ConditionError(ValueError):
    """Conditions or a profile that cannot be used; `problems` are (path, Chinese, English) triples."""

    def __init__(self, problems: Sequence[tuple[str, str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("；".join(f"{p}：{zh}" if p else zh for p, zh, _ in self.problems))

    def chinese(self) -> list[str]:
        return [f"{p}：{zh}" if p else zh for p, zh, _ in self.problems]

    def english(self) -> list[str]:
        return [f"{p}: {en}" if p else en for p, _, en in self.problems]


class Registry:
    """The profile fields known to this installation, by key and by Chinese label."""

    def __init__(self, fields: Iterable[ProfileField]) -> None:
        self.fields: dict[str, ProfileField] = {}
        self._by_label: dict[str, str] = {}
        for f in fields:
            if f.type not in TYPES:
                raise ValueError(f"unknown field type {f.type!r}")
            self.fields[f.key] = f
            self._by_label[f.label] = f.key

    def lookup(self, name: Any, kind: str | None) -> ProfileField | None:
        if not isinstance(name, str):
            return None
        f = self.fields.get(name) or self.fields.get(self._by_label.get(name, ""))
        if f is None or (kind is not None and kind not in f.kinds):
            return None
        return f

    def for_kind(self, kind: str) -> list[ProfileField]:
        return [f for f in self.fields.values() if kind in f.kinds]

    def names_for(self, kind: str | None) -> str:
        fields = self.for_kind(kind) if kind else list(self.fields.values())
        return "、".join(f"{f.key}（{f.label}）" for f in fields)


def parse_extra_fields(text: str) -> list[ProfileField]:
    """Extra fields from a JSON list: [{"key", "label", "type", "kind": "enterprise"|"person"|"both",
    "choices": [...]}]. Raises ValueError with a Chinese message."""
    if not text.strip():
        return []
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"不是有效的 JSON（{exc.msg}）") from None
    if not isinstance(items, list):
        raise ValueError("应为字段列表")
    out = []
    builtin = {f.key for f in BUILTIN_FIELDS}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"第 {i + 1} 项应为对象")
        key, label, typ = item.get("key"), item.get("label"), item.get("type")
        kind = item.get("kind", "both")
        if not isinstance(key, str) or not key.isidentifier() or key in builtin:
            raise ValueError(f"第 {i + 1} 项的 key 应为未占用的英文标识符")
        if not isinstance(label, str) or not label:
            raise ValueError(f"第 {i + 1} 项缺少 label")
        if typ not in TYPES:
            raise ValueError(f"第 {i + 1} 项的 type 应为 {'/'.join(TYPES)} 之一")
        if kind not in ("enterprise", "person", "both"):
            raise ValueError(f"第 {i + 1} 项的 kind 应为 enterprise、person 或 both")
        choices = item.get("choices")
        labels: list[str] = choices if isinstance(choices, list) else []
        if typ == "choice" and (not labels or not all(isinstance(c, str) for c in labels)):
            raise ValueError(f"第 {i + 1} 项为选项字段，choices 应为非空文字列表")
        kinds = frozenset(KINDS) if kind == "both" else frozenset({kind})
        out.append(ProfileField(key, label, typ, kinds, _choices(*labels) if typ == "choice" else None))
    return out


def registry(extra: Iterable[ProfileField] = ()) -> Registry:
    return Registry([*BUILTIN_FIELDS, *extra])


# --- values ---------------------------------------------------------------------------------------------


def _coerce(f: ProfileField, raw: Any) -> tuple[Any, str | None]:
    """The typed value of `raw` for field `f`, or an error (Chinese) when it has the wrong type."""
    t = f.type
    if t == "bool":
        return (raw, None) if isinstance(raw, bool) else (None, "应为 true 或 false")
    if t == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return (raw, None) if raw >= 0 else (None, "不能为负数")
        return None, "应为整数"
    if t == "number":
        if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == raw:
            return (raw, None) if raw >= 0 else (None, "不能为负数")
        return None, "应为数值"
    if t == "date":
        if isinstance(raw, date):
            return raw, None
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw), None
            except ValueError:
                pass
        return None, "应为日期，格式 YYYY-MM-DD"
    if not isinstance(raw, str) or not raw.strip():
        return None, "应为非空文字"
    if t == "choice" and f.choices is not None and raw not in f.choices:
        return None, f"应为 {'、'.join(f.choices)} 之一"
    return raw.strip(), None


_EN = {
    "应为 true 或 false": "expected true or false",
    "不能为负数": "must not be negative",
    "应为整数": "expected an integer",
    "应为数值": "expected a number",
    "应为日期，格式 YYYY-MM-DD": "expected a date YYYY-MM-DD",
    "应为非空文字": "expected non-empty text",
}


def _en(zh: str) -> str:
    return _EN.get(zh, "expected one of the listed values" if zh.endswith("之一") else zh)


def parse_profile(data: Any, reg: Registry, *, derive: bool = True) -> tuple[str, dict[str, Any]]:
    """`{"kind": "enterprise"|"person", "fields": {...}}` → (kind, typed fields by key). Unknown fields and wrong
    types are refused, each named. A field set to null is the same as a missing field (unknown).

    With `derive` (matching), what the stated fields determine is filled in: 门类 from 大类, and 企业规模 from the
    2017 standard's indicators when not stated. Stored profiles keep only what was stated (`derive=False`)."""
    if not isinstance(data, dict):
        raise ConditionError([("", "画像应为 JSON 对象", "the profile must be a JSON object")])
    kind = data.get("kind")
    if kind not in KINDS:
        raise ConditionError(
            [("kind", "应为 enterprise（企业）或 person（个人）", "expected enterprise or person")]
        )
    raw = data.get("fields", {})
    if not isinstance(raw, dict):
        raise ConditionError([("fields", "应为对象", "expected an object")])
    problems: list[tuple[str, str, str]] = []
    out: dict[str, Any] = {}
    for name, value in raw.items():
        f = reg.lookup(name, kind)
        if f is None:
            problems.append(
                (
                    str(name),
                    f"未知字段，{KINDS[kind]}画像可用字段：{reg.names_for(kind)}",
                    f"unknown field for a {kind} profile",
                )
            )
            continue
        if value is None:
            continue
        typed, err = _coerce(f, value)
        if err:
            problems.append((f"{name}（{f.label}）", err, _en(err)))
        else:
            out[f.key] = typed
    division = out.get("industry_division")
    if isinstance(division, str) and "industry" in out and out["industry"] != section_of(division):
        problems.append(
            (
                "industry（行业）",
                f"行业门类与行业大类 {division} 不一致（该大类属于门类 {section_of(division)}）",
                "the section does not contain the division",
            )
        )
    if problems:
        raise ConditionError(problems)
    if derive and kind == "enterprise":
        derive_enterprise(out)
    return kind, out


def derive_enterprise(values: dict[str, Any]) -> list[str]:
    """Fill in 门类 from 大类 and 企业规模 by the 2017 standard (when not stated); returns the keys filled in."""
    filled = []
    division = values.get("industry_division")
    if isinstance(division, str) and "industry" not in values and section_of(division):
        values["industry"] = section_of(division)
        filled.append("industry")
    if "size" not in values:
        indicators: dict[str, float] = {
            k: values[k] for k in ("employees", "revenue", "assets") if k in values
        }
        size = derive_size(
            values.get("industry"), division if isinstance(division, str) else None, indicators
        )
        if size is not None:
            values["size"] = size
            filled.append("size")
    return filled


# --- the parsed tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    field: ProfileField
    op: str
    value: Any  # typed; a frozenset for in / not_in
    clause: str

    @property
    def text(self) -> str:
        if self.op in ("in", "not_in"):
            shown = "、".join(self.field.choice_label(v) for v in sorted(self.value, key=str))
        elif self.field.type == "bool":
            return f"{self.field.label}：{'是' if (self.value is True) == (self.op == '==') else '否'}"
        else:
            shown = self.field.choice_label(self.value)
        return f"{self.field.label}{OPS[self.op]}{shown}"

    def negated(self) -> Leaf:
        return Leaf(self.field, NEGATED_OP[self.op], self.value, self.clause)

    def test(self, actual: Any) -> bool:
        op, v = self.op, self.value
        if op == "==":
            return bool(actual == v)
        if op == "!=":
            return bool(actual != v)
        if op == "<":
            return bool(actual < v)
        if op == "<=":
            return bool(actual <= v)
        if op == ">":
            return bool(actual > v)
        if op == ">=":
            return bool(actual >= v)
        if op == "in":
            return actual in v
        return actual not in v


@dataclass(frozen=True)
class Group:
    mode: str  # "all" | "any"
    children: tuple[Node, ...]


Node = Leaf | Group


@dataclass(frozen=True)
class Conditions:
    """Parsed, validated conditions of one policy, in negation normal form."""

    kind: str
    root: Node

    def leaves(self) -> list[Leaf]:
        out: list[Leaf] = []
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, Leaf):
                out.append(node)
            else:
                stack.extend(reversed(node.children))
        return out


def load_json(data: Any) -> Any:
    """The JSON form as Python data: text is decoded (a syntax error is a ConditionError), data passes through."""
    if not isinstance(data, str):
        return data
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        zh = f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）"
        raise ConditionError([("", zh, f"invalid JSON: {exc}")]) from None


def parse(data: Any, kind: str, reg: Registry) -> Conditions:
    """Validate the JSON form and build the tree; every problem is reported with its path, in Chinese."""
    if kind not in KINDS:
        raise ConditionError([("", "画像类型应为 enterprise 或 person", "kind must be enterprise or person")])
    data = load_json(data)
    problems: list[tuple[str, str, str]] = []
    root = _parse_node(data, "条件", kind, reg, problems, negate=False)
    if problems or root is None:
        raise ConditionError(problems or [("条件", "条件为空", "no conditions")])
    return Conditions(kind, root)


def _parse_node(
    data: Any, path: str, kind: str, reg: Registry, problems: list[tuple[str, str, str]], *, negate: bool
) -> Node | None:
    if not isinstance(data, dict):
        problems.append(
            (
                path,
                '应为对象：{"all": [...]}、{"any": [...]}、{"not": {...}} 或单项条件',
                "expected an object",
            )
        )
        return None
    groups = [k for k in ("all", "any", "not") if k in data]
    if len(groups) > 1 or (groups and "field" in data):
        problems.append(
            (path, "一个对象只能是 all、any、not 或单项条件之一", "one of all/any/not/leaf per object")
        )
        return None
    if groups == ["not"]:
        return _parse_node(data["not"], f"{path}.not", kind, reg, problems, negate=not negate)
    if groups:
        mode = groups[0]
        items = data[mode]
        if not isinstance(items, list) or not items:
            problems.append((f"{path}.{mode}", "应为非空列表", "expected a non-empty list"))
            return None
        extra = set(data) - {mode, "clause", "note"}
        if extra:
            problems.append(
                (path, f"不认识的键：{'、'.join(sorted(extra))}", f"unknown keys {sorted(extra)}")
            )
        children = [
            _parse_node(item, f"{path}.{mode}[{i + 1}]", kind, reg, problems, negate=negate)
            for i, item in enumerate(items)
        ]
        if any(c is None for c in children):
            return None
        # De Morgan: not(all) = any(not …), not(any) = all(not …).
        effective = mode if not negate else ("any" if mode == "all" else "all")
        return Group(effective, tuple(c for c in children if c is not None))
    return _parse_leaf(data, path, kind, reg, problems, negate=negate)


def _parse_leaf(
    data: dict[str, Any],
    path: str,
    kind: str,
    reg: Registry,
    problems: list[tuple[str, str, str]],
    *,
    negate: bool,
) -> Leaf | None:
    before = len(problems)
    extra = set(data) - {"field", "op", "value", "clause", "note"}
    if extra:
        problems.append((path, f"不认识的键：{'、'.join(sorted(extra))}", f"unknown keys {sorted(extra)}"))
    name = data.get("field")
    f = reg.lookup(name, kind)
    if f is None:
        problems.append(
            (
                path,
                f"未知字段“{name}”，{KINDS[kind]}政策可用字段：{reg.names_for(kind)}",
                f"unknown field {name!r} for a {kind} policy",
            )
        )
        return None
    where = f"{path}（{f.label}）"
    clause = data.get("clause")
    if not isinstance(clause, str) or not clause.strip():
        problems.append((where, "每项条件都要注明出处条款（clause），如“第三条第二款”", "clause is required"))
    op = data.get("op")
    if op not in OPS_BY_TYPE[f.type]:
        allowed = "、".join(o for o in OPS if o in OPS_BY_TYPE[f.type])
        problems.append((where, f"比较符“{op}”不适用于{TYPE_LABELS[f.type]}字段，可用：{allowed}", "bad op"))
        return None
    if "value" not in data:
        problems.append((where, "缺少比较值（value）", "value is required"))
        return None
    raw = data["value"]
    value: Any
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            problems.append((where, "属于/不属于 的比较值应为非空列表", "expected a non-empty list"))
            return None
        typed = []
        for i, item in enumerate(raw):
            v, err = _coerce(f, item)
            if err:
                problems.append((f"{where}.value[{i + 1}]", err, _en(err)))
            typed.append(v)
        value = frozenset(typed)
    else:
        value, err = _coerce(f, raw)
        if err:
            problems.append((f"{where}.value", err, _en(err)))
    if len(problems) > before:
        return None
    leaf = Leaf(f, op, value, clause.strip())  # type: ignore[union-attr]
    return leaf.negated() if negate else leaf


# --- evaluation with explanation ------------------------------------------------------------------------


@dataclass
class Explanation:
    level: str
    met: list[Leaf] = field(default_factory=list)
    failed: list[Leaf] = field(default_factory=list)
    unknown: list[Leaf] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]

    def as_json(self) -> dict[str, Any]:
        def items(leaves: list[Leaf]) -> list[dict[str, str]]:
            return [{"condition": leaf.text, "clause": leaf.clause} for leaf in leaves]

        return {
            "level": self.level,
            "met": items(self.met),
            "failed": items(self.failed),
            "unknown": items(self.unknown),
        }


# Three-valued outcome: True, False, None (unknown).
_Outcome = tuple[bool | None, list[Leaf], list[Leaf], list[Leaf]]


def _walk(node: Node, fields: Mapping[str, Any]) -> _Outcome:
    if isinstance(node, Leaf):
        if node.field.key not in fields:
            return None, [], [], [node]
        if node.test(fields[node.field.key]):
            return True, [node], [], []
        return False, [], [node], []
    results = [_walk(child, fields) for child in node.children]
    met: list[Leaf] = []
    failed: list[Leaf] = []
    unknown: list[Leaf] = []
    values = [r[0] for r in results]
    if node.mode == "all":
        value: bool | None = False if False in values else (None if None in values else True)
        chosen = results
    else:
        value = True if True in values else (None if None in values else False)
        # An "any" speaks only through the alternatives that decide it.
        chosen = results if value is False else [r for r in results if r[0] is value]
    for _, m, f, u in chosen:
        met += m
        failed += f
        unknown += u
    return value, met, failed, unknown


def evaluate(conditions: Conditions, fields: Mapping[str, Any]) -> Explanation:
    """符合 / 可能符合 / 不符合 for one profile (typed fields by key), with the leaves that decide it."""
    value, met, failed, unknown = _walk(conditions.root, fields)
    level = ELIGIBLE if value is True else (MAYBE if value is None else INELIGIBLE)
    if level == INELIGIBLE:
        # A failed policy is explained by what failed; unknown leaves beside a failure are not reasons.
        unknown = []
    return Explanation(level, met, failed, unknown)


# --- many profiles at once ------------------------------------------------------------------------------


_BITS = bytes.maketrans(b"01", b"\x00\x01")


class Population:
    """A fixed set of profiles (typed fields by key), indexed per field so that one leaf is answered for all
    profiles at once as two bitsets (bit i = profile i): where it is true and where it is known."""

    def __init__(self, profiles: Sequence[Mapping[str, Any]]) -> None:
        self.size = len(profiles)
        self.all = (1 << self.size) - 1
        self._known: dict[str, int] = {}
        self._by_value: dict[str, dict[Any, int]] = {}
        self._sorted: dict[str, tuple[list[Any], list[int]]] = {}
        self._cache: dict[Leaf, int] = {}
        for i, fields in enumerate(profiles):
            bit = 1 << i
            for key, value in fields.items():
                groups = self._by_value.setdefault(key, {})
                groups[value] = groups.get(value, 0) | bit
        for key, groups in self._by_value.items():
            known = 0
            for mask in groups.values():
                known |= mask
            self._known[key] = known

    def _prefix(self, key: str) -> tuple[list[Any], list[int]]:
        """Distinct values of an ordered field, ascending, and for each the profiles with a value ≤ it."""
        if key not in self._sorted:
            groups = self._by_value.get(key, {})
            values = sorted(groups)
            masks, acc = [], 0
            for v in values:
                acc |= groups[v]
                masks.append(acc)
            self._sorted[key] = (values, masks)
        return self._sorted[key]

    def known(self, key: str) -> int:
        return self._known.get(key, 0)

    def true_mask(self, leaf: Leaf) -> int:
        cached = self._cache.get(leaf)
        if cached is not None:
            return cached
        key, op, v = leaf.field.key, leaf.op, leaf.value
        known = self.known(key)
        groups = self._by_value.get(key, {})
        if op in ("==", "!="):
            eq = groups.get(v, 0)
            mask = eq if op == "==" else known & ~eq
        elif op in ("in", "not_in"):
            inside = 0
            for item in v:
                inside |= groups.get(item, 0)
            mask = inside if op == "in" else known & ~inside
        else:
            values, masks = self._prefix(key)

            def at_most(index: int) -> int:  # profiles whose value is values[index] or lower
                return masks[index] if index >= 0 else 0

            if op == "<":
                mask = at_most(bisect.bisect_left(values, v) - 1)
            elif op == "<=":
                mask = at_most(bisect.bisect_right(values, v) - 1)
            elif op == ">":
                mask = known & ~at_most(bisect.bisect_right(values, v) - 1)
            else:
                mask = known & ~at_most(bisect.bisect_left(values, v) - 1)
        self._cache[leaf] = mask
        return mask

    def _node(self, node: Node) -> tuple[int, int]:
        """(true, false) bitsets; the rest is unknown."""
        if isinstance(node, Leaf):
            t = self.true_mask(node)
            return t, self.known(node.field.key) & ~t
        parts = [self._node(child) for child in node.children]
        if node.mode == "all":
            t, f = self.all, 0
            for ct, cf in parts:
                t &= ct
                f |= cf
        else:
            t, f = 0, self.all
            for ct, cf in parts:
                t |= ct
                f &= cf
        return t, f

    def levels(self, conditions: Conditions) -> tuple[int, int]:
        """(eligible, maybe) bitsets of this policy over the population; the other profiles are ineligible."""
        t, f = self._node(conditions.root)
        return t, self.all & ~(t | f)

    @staticmethod
    def members(mask: int) -> list[int]:
        """Indices of the set bits, ascending (done in C: compress over the reversed binary digits)."""
        digits = format(mask, "b").encode("ascii")[::-1].translate(_BITS)
        return list(compress(range(len(digits)), digits))

    def level_of(self, conditions: Conditions, index: int) -> str:
        eligible, maybe = self.levels(conditions)
        if eligible >> index & 1:
            return ELIGIBLE
        return MAYBE if maybe >> index & 1 else INELIGIBLE
