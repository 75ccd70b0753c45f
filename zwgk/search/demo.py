"""Demo (order 90, after every app that publishes: FAQs, annual reports): best bets for two frequent queries,
then rebuild the index from every registered source. Idempotent."""

from __future__ import annotations

from django.urls import reverse

from zwgk.core.registry import DemoContext
from zwgk.qa.models import Faq
from zwgk.search.actions import entry_key_for_url
from zwgk.search.indexer import rebuild
from zwgk.search.models import BestBet

# query → FAQ question the best bet points to
DEMO_BEST_BETS = {
    "六税两费": "“六税两费”减免政策是什么？",
    "依申请公开": "怎样申请政府信息公开？",
}


def load(ctx: DemoContext) -> None:

    counts = rebuild()
    for query, question in DEMO_BEST_BETS.items():
        faq = Faq.objects.public().filter(question=question).first()
        if faq is None or BestBet.objects.filter(queries=query).exists():
            continue
        url = reverse("qa:faq_detail", args=[faq.pk])

        BestBet.objects.create(
            queries=query,
            title=faq.question,
            url=url,
            description=faq.answer[:80],
            entry_key=entry_key_for_url(url),
        )
    ctx.notes.append(f"检索索引 {sum(counts.values())} 条（来源：{', '.join(counts) or '无'}）")
