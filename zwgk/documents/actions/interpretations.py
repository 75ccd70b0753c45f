"""Policy interpretations (政策解读): creation, parsing of the 问答, signing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.documents.models import (
    Interpretation,
    InterpretationForm,
    Openness,
    Record,
    ReviewDecision,
    ReviewStage,
    Status,
)
from zwgk.documents.pubdates import publication_date_problem

from .common import INTERPRETATION_FIELDS, _check_signer, _lock, _move, _signoff, _snapshot

# --- interpretations ------------------------------------------------------------------------------------


def parse_qa(text: str) -> list[dict[str, str]]:
    """问答 typed as lines starting with 问：/答： into [{"q": ..., "a": ...}]."""
    items: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    key = ""
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:2] in ("问：", "问:") or (line[:1] == "问" and line[1:2] in ("：", ":")):
            current = {"q": line[2:].strip(), "a": ""}
            items.append(current)
            key = "q"
        elif line[:2] in ("答：", "答:"):
            if current is None:
                current = {"q": "", "a": ""}
                items.append(current)
            current["a"] = line[2:].strip()
            key = "a"
        elif current is not None and key:
            current[key] = (current[key] + "\n" + line).strip()
    return items


def interpretation_problems(item: Interpretation) -> list[str]:
    problems = []
    if not item.title.strip():
        problems.append("请填写解读标题。")
    if item.form == InterpretationForm.TEXT and not item.body.strip():
        problems.append("文字解读须填写解读内容。")
    if item.form == InterpretationForm.GRAPHIC and not item.attachments.filter(kind="image").exists():
        problems.append("图解须上传至少一张 .jpg 或 .png 图片。")
    if item.form == InterpretationForm.VIDEO and not item.video_url:
        problems.append("视频解读须填写视频地址。")
    if item.form == InterpretationForm.QA and not any(q.get("q") and q.get("a") for q in item.qa or []):
        problems.append("问答须至少包含一组“问：……/答：……”。")
    if item.policy.openness != Openness.PROACTIVE:
        problems.append("不公开的信息不发布政策解读。")
    return problems


@transaction.atomic
def create_interpretation(
    policy: Record, data: dict[str, Any], *, by: Any, agency: Any = None, source_key: str | None = None
) -> Interpretation:
    item = Interpretation(
        policy=policy,
        agency=agency or policy.agency,
        created_by=by,
        status=Status.DRAFT,
        source_key=source_key,
    )
    require(by, "documents.draft", item)
    if policy.status == Status.WITHDRAWN:
        raise Refused("已撤回的文件不能添加解读。")
    if policy.openness != Openness.PROACTIVE:
        raise Refused("不公开的信息不发布政策解读。")
    for name in INTERPRETATION_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.save()
    audit(
        "documents.interpretation_created",
        obj=item,
        actor=by,
        summary=f"起草解读：{item.title}（解读《{policy.title}》）",
        after=_snapshot(item, INTERPRETATION_FIELDS[:3]),
    )
    return item


@transaction.atomic
def sign_interpretation(item: Interpretation, *, by: Any, note: str) -> Interpretation:
    """Sign off an interpretation: published at once if its policy is public, otherwise it waits (已审定) and
    goes live with the policy's sign-off."""
    item = _lock(item)
    policy = item.policy
    publish_now = policy.status == Status.PUBLISHED
    target = Status.PUBLISHED if publish_now else Status.APPROVED
    _move(item, target, by)
    _check_signer(item, by=by, note=note)
    if policy.status == Status.WITHDRAWN:
        raise Refused("所解读的文件已撤回，不能发布解读。")
    _signoff(item, ReviewStage.SIGNOFF, ReviewDecision.APPROVED, note, by)
    item.status = target
    if publish_now:
        # A policy scheduled for later: the interpretation goes live with it.
        item.published_at = max(timezone.now(), policy.published_at or timezone.now())
        problem = publication_date_problem(item, item.published_at)
        if problem:
            raise Refused(problem)
    item.save()
    audit(
        "documents.interpretation_published" if publish_now else "documents.interpretation_approved",
        obj=item,
        actor=by,
        summary=("审签发布解读：" if publish_now else "解读审签通过，待与政策文件同步发布：") + item.title,
        after={"note": note.strip()},
    )
    if publish_now:
        announce_public_change(Interpretation, item.pk, "interpretation")
    return item
