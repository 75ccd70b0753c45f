"""The search index (entries and passages of public content), the staff-edited synonyms and best bets, and the
query statistics behind the zero-result log.

`SearchEntry` rows are written only by `zwgk.search.indexer` from a registered source's public queryset; the
backend tables (SQLite FTS5 virtual tables, or PostgreSQL tsvector columns) are kept beside them by
`zwgk.search.backends`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zwgk.search.fields import TsVectorField
from zwgk.search.query import query_key, split_terms


class Validity(models.TextChoices):
    """效力状态 of a policy document (as the 政策文件库 shows it)."""

    NONE = "", "—"
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


# Relevance multiplier per validity: repealed documents stay findable, below those in force.
VALIDITY_BOOST: dict[str, float] = {
    Validity.NONE: 1.0,
    Validity.IN_FORCE: 1.0,
    Validity.AMENDED: 0.6,
    Validity.REPEALED: 0.35,
    Validity.EXPIRED: 0.35,
}

# Standard kinds (result groups), in the order the results page shows them. Sources may add others.
KIND_POLICY = "政策文件"
KIND_INTERPRETATION = "政策解读"
KIND_QA = "问答"
KIND_INFORMATION = "政府信息"
KIND_DECISION = "决策公开"
KIND_REPORT = "公开年报"
KIND_ORDER = [KIND_POLICY, KIND_INTERPRETATION, KIND_QA, KIND_INFORMATION, KIND_DECISION, KIND_REPORT]


class SearchEntryQuerySet(models.QuerySet["SearchEntry"]):
    def in_force(self) -> SearchEntryQuerySet:
        return self.filter(validity=Validity.IN_FORCE)

    def for_source(self, source: str, source_pk: object) -> SearchEntryQuerySet:
        return self.filter(source=source, source_pk=str(source_pk))


class SearchEntry(models.Model):
    """One searchable item of public content. Everything here is already public: the index never holds
    anything that the source's public queryset does not return."""

    source = models.CharField("来源", max_length=100, help_text="app_label.model of the source")
    source_pk = models.CharField("来源主键", max_length=64)
    seq = models.PositiveSmallIntegerField("序号", default=0)
    kind = models.CharField("类别", max_length=20, db_index=True)
    title = models.CharField("标题", max_length=500)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    doc_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    index_no = models.CharField("索引号", max_length=100, blank=True)
    index_no_key = models.CharField(max_length=100, blank=True, db_index=True)
    agency_name = models.CharField("发布机构", max_length=100, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    date = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    validity = models.CharField("效力状态", max_length=10, choices=Validity.choices, blank=True)
    theme = models.CharField("主题分类", max_length=100, blank=True)
    url = models.CharField("链接", max_length=500)
    boost = models.FloatField("权重", default=1.0)
    # The entry that replaces a repealed/expired/amended one (its URL): shown with it whenever it matches.
    successor_url = models.CharField("替代文件链接", max_length=500, blank=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)
    # The long columns come last: on SQLite the engine joins every matching row to read boost/year/facet
    # columns, and columns stored after a long body would sit on overflow pages.
    summary = models.TextField("摘要", blank=True)
    body = models.TextField("正文", blank=True)
    # PostgreSQL only: weighted tsvector of the segmented title (A) and body (D). SQLite uses FTS5 tables.
    tsv = TsVectorField(null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        constraints = [
            models.UniqueConstraint(fields=["source", "source_pk", "seq"], name="search_entry_unique_source"),
        ]
        indexes = [models.Index(fields=["validity", "kind"], name="search_entry_validity_kind")]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        """Stable public id of the entry: survives re-indexing (the row id does not)."""
        base = f"{self.source}:{self.source_pk}"
        return f"{base}#{self.seq}" if self.seq else base

    @property
    def validity_label(self) -> str:
        return Validity(self.validity).label if self.validity else ""


class SearchPassage(models.Model):
    """An article (条), paragraph of an article (款) or paragraph of an entry, for 政策问答 citations."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="passages")
    ordinal = models.PositiveIntegerField("顺序")
    label = models.CharField("条款", max_length=40)
    heading = models.CharField("所在章节", max_length=100, blank=True)
    text = models.TextField("内容")
    tsv = TsVectorField(null=True, editable=False)

    class Meta:
        verbose_name = "条款段落"
        verbose_name_plural = "条款段落"
        ordering = ["entry_id", "ordinal"]

    def __str__(self) -> str:
        return f"{self.entry.title} {self.label}"


class BoilerplateSentence(models.Model):
    """A sentence repeated across many entries of one kind (an annual report's fixed template text): it is
    left out of those entries' indexed body, so template wording does not make every report match."""

    kind = models.CharField("类别", max_length=20)
    digest = models.CharField(max_length=32)
    documents = models.PositiveIntegerField("出现文件数", default=0)

    class Meta:
        verbose_name = "模板套话"
        verbose_name_plural = "模板套话"
        constraints = [models.UniqueConstraint(fields=["kind", "digest"], name="search_boilerplate_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest}"


class SearchTerm(models.Model):
    """Vocabulary for "did you mean" and pinyin input: dictionary words and words of indexed titles."""

    term = models.CharField(max_length=20, unique=True)
    pinyin = models.CharField(max_length=120, db_index=True)
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "检索词汇"
        verbose_name_plural = "检索词汇"

    def __str__(self) -> str:
        return self.term


class IndexStatus(models.Model):
    """One row: when the index was last rebuilt, and the version of the staff dictionary (synonyms, unit
    names) that query parsing in every process must follow."""

    name = models.CharField(max_length=20, primary_key=True, default="main")
    dictionary_version = models.PositiveIntegerField(default=1)
    indexed_dictionary_version = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    rebuilt_entries = models.PositiveIntegerField(default=0)
    rebuild_seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "索引状态"
        verbose_name_plural = "索引状态"

    def __str__(self) -> str:
        return self.name


class SynonymQuerySet(models.QuerySet["Synonym"]):
    def active(self) -> SynonymQuerySet:
        return self.filter(is_active=True)


class Synonym(models.Model):
    """A group of equivalent words (社保, 社会保险) or a one-way expansion (六税两费 ⇒ 资源税, 印花税 …)."""

    terms = models.TextField("词语", help_text="用逗号或顿号分隔，如：社保，社会保险，社会保险费")
    one_way = models.BooleanField(
        "单向扩展", default=False, help_text="勾选后只有第一个词扩展为其余的词（适用于简称→全称的列举）"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SynonymQuerySet.as_manager()

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:

        return split_terms(self.terms)


class BestBetQuerySet(models.QuerySet["BestBet"]):
    def active(self) -> BestBetQuerySet:
        return self.filter(is_active=True)


class BestBet(models.Model):
    """A promoted result (推荐结果) shown above the results for the given queries."""

    queries = models.TextField("检索词", help_text="一行一个；访客输入的检索词与其中之一相同时显示")
    title = models.CharField("标题", max_length=200)
    url = models.CharField("链接", max_length=500, help_text="站内地址（如 /qa/）或完整网址")
    description = models.CharField("说明", max_length=300, blank=True)
    # Set when the URL is that of an indexed entry: the best bet is shown only while that entry is public.
    entry_key = models.CharField(max_length=180, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=10)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = BestBetQuerySet.as_manager()

    class Meta:
        verbose_name = "推荐结果"
        verbose_name_plural = "推荐结果"
        ordering = ["sort_order", "-updated_at"]

    def __str__(self) -> str:
        return self.title

    def query_list(self) -> list[str]:

        return [query_key(line) for line in self.queries.splitlines() if query_key(line)]


class QueryStat(models.Model):
    """How often a (normalised, personal-data-masked) query was searched on a day, and how many found nothing."""

    day = models.DateField("日期")
    query = models.CharField("检索词", max_length=100)
    count = models.PositiveIntegerField("检索次数", default=0)
    zero_count = models.PositiveIntegerField("无结果次数", default=0)
    last_total = models.PositiveIntegerField("最近结果数", default=0)

    class Meta:
        verbose_name = "检索统计"
        verbose_name_plural = "检索统计"
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_querystat_unique_day")]
        indexes = [models.Index(fields=["query"], name="search_querystat_query")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"


class DismissedQuery(models.Model):
    """A zero-result query staff looked at and chose to ignore (typing noise, off-topic)."""

    query = models.CharField("检索词", max_length=100, unique=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField("处理时间", auto_now_add=True)

    class Meta:
        verbose_name = "已忽略的检索词"
        verbose_name_plural = "已忽略的检索词"

    def __str__(self) -> str:
        return self.query
