"""Demo data of the secrecy review: the default sensitive-term lexicon (idempotent).

The record with planted personal data comes from the documents demo (order 30); when it enters 待保密审查 the
wiring screens it, and the reviewer `fgw_bmsc` must resolve its findings.
"""

from __future__ import annotations

from zwgk.core.registry import DemoContext


def load(ctx: DemoContext) -> None:
    from zwgk.secrecy.actions import import_default_lexicon

    added = import_default_lexicon(by=None)
    if ctx.verbose:
        ctx.notes.append(
            f"保密审查：敏感词库{'导入默认词 ' + str(added) + ' 个' if added else '已存在'}"
            "（工作台 › 敏感词库）；用 zwgk scan 文件 可在上传前自查"
        )
