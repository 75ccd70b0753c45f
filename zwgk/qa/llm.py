"""Optional generative mode of 政策问答 (off by default; ZWGK_QA_GENERATIVE=1 with ZWGK_QA_LLM_URL/KEY/MODEL).

An OpenAI-compatible chat-completions endpoint phrases an answer **only from the passages already retrieved**
(numbered [1]…[n]) and must cite them. The reply is refused — and the retrieval answer kept — when the call
fails, times out, returns nothing, or cites no source or a source that was not given.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request

from django.conf import settings
from django.urls import reverse

from zwgk.qa.answers import Answer, Citation

logger = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "你是区人民政府政务公开网站的政策问答助手。只能依据用户消息中编号的【资料】回答问题，"
    "不得使用资料以外的知识，不得编造数字、期限或办理地点。回答用简体中文，通俗、简洁，不超过300字。"
    "每一句依据资料的话后面用方括号注明资料编号，如[1]。资料不足以回答时，只回答“资料中没有找到明确规定”。"
)
MAX_ANSWER_CHARS = 1200


def _sources(answer: Answer) -> list[Citation]:
    sources: list[Citation] = []
    if answer.faqs:
        faq = answer.faqs[0].faq
        sources.append(
            Citation(f"常见问题：{faq.question}", "", "", reverse("qa:faq_detail", args=[faq.pk]), faq.answer)
        )
    sources.extend(answer.citations)
    return sources


def build_messages(question: str, sources: list[Citation]) -> list[dict[str, str]]:
    blocks = []
    for index, source in enumerate(sources, start=1):
        head = source.book_title + (f"（{source.doc_number}）" if source.doc_number else "") + source.article
        blocks.append(f"[{index}] {head}\n{source.text[:800]}")
    user = "【资料】\n" + "\n\n".join(blocks) + f"\n\n【问题】{question}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def call_endpoint(messages: list[dict[str, str]]) -> str:
    url = settings.QA_LLM_URL.rstrip("/") + "/chat/completions"
    body = json.dumps(
        {"model": settings.QA_LLM_MODEL, "messages": messages, "temperature": 0.1, "stream": False}
    ).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310  (URL comes from the operator's settings)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.QA_LLM_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=settings.QA_LLM_TIMEOUT) as response:  # noqa: S310
        payload = json.loads(response.read().decode("utf-8"))
    return str(payload["choices"][0]["message"]["content"] or "").strip()


def generate(question: str, answer: Answer) -> tuple[str, list[Citation]] | None:
    """(phrased answer, the citations it refers to) or None to keep the retrieval answer."""
    if not settings.QA_LLM_URL:
        return None
    sources = _sources(answer)
    if not sources:
        return None
    try:
        text = call_endpoint(build_messages(question, sources))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.warning(
            "qa: generative endpoint failed (%s); using the retrieval answer", exc.__class__.__name__
        )
        return None
    cited = [int(n) for n in re.findall(r"\[(\d{1,2})\]", text)]
    if not text or not cited or any(n < 1 or n > len(sources) for n in cited):
        logger.warning("qa: generative answer without valid citations; using the retrieval answer")
        return None
    if "没有找到明确规定" in text and len(text) < 40:
        return None
    # Renumber in order of first use so that [1], [2] … match the citation list shown under the answer.
    order = list(dict.fromkeys(cited))
    renumber = {old: new for new, old in enumerate(order, start=1)}
    text = re.sub(r"\[(\d{1,2})\]", lambda m: f"[{renumber[int(m.group(1))]}]", text)
    return text[:MAX_ANSWER_CHARS], [sources[n - 1] for n in order]
