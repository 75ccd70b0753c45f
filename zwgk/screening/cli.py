"""`zwgk scan PATH [PATH ...] [--json] [--mask]` — the screening command line (pure; Django adds the lexicon
and the agency's published numbers in `zwgk/secrecy/management/commands/scan.py`).

Exit codes: 0 nothing blocks, 1 at least one block finding, 2 at least one file could not be read (the other
files are still scanned; 2 wins over 1 because an unread file cannot be declared clean).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO

from tqdm import tqdm

from zwgk.extract import Extracted, ExtractError, Limits, extract
from zwgk.screening.findings import CATEGORY_LABELS, Finding, Severity
from zwgk.screening.lexicon import LexiconError, read_lexicon
from zwgk.screening.masking import apply_masks
from zwgk.screening.scanner import Screener

EXIT_CLEAN, EXIT_BLOCK, EXIT_UNREADABLE = 0, 1, 2
STDIN = "-"


def read_input(path: str, limits: Limits, stdin: BinaryIO | None = None) -> Extracted:
    """Extract the text of one path ('-' = standard input) within `limits`; ExtractError when unreadable."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return extract(stream, "stdin", limits)
    target = Path(path)
    if target.is_dir():
        raise ExtractError("这是一个目录，不是文件", "is a directory, not a file")
    return extract(target, target.name, limits)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def run(
    paths: Sequence[str],
    *,
    screener: Screener,
    as_json: bool = False,
    mask: bool = False,
    limits: Limits | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    # Broken PDFs make pypdf log warnings; the per-file message below says what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    results: list[dict[str, Any]] = []
    unreadable = blocking = False
    for path in tqdm(
        paths, desc="保密审查 scan", unit="file", file=err, disable=None if len(paths) > 1 else True
    ):
        try:
            extracted = read_input(path, limits or Limits(), stdin)
        except ExtractError as exc:
            unreadable = True
            err.write(f"{path}: 无法读取：{exc.zh} / unreadable: {exc.en}\n")
            results.append({"path": path, "findings": [], "error": f"{exc.zh} / {exc.en}"})
            continue
        except MemoryError:
            unreadable = True
            err.write(f"{path}: 文件过大，内存不足 / out of memory\n")
            results.append({"path": path, "findings": [], "error": "文件过大，内存不足 / out of memory"})
            continue
        for warning in extracted.warnings:
            err.write(f"{path}: 提示：{warning}\n")
        findings = screener.scan(extracted.text)
        blocking = blocking or any(f.severity == Severity.BLOCK for f in findings)
        entry: dict[str, Any] = {
            "path": path,
            "findings": [f.to_json(with_masked=mask) for f in findings],
        }
        if mask:
            entry["masked_text"] = apply_masks(extracted.text, findings)
        results.append(entry)
        if not as_json:
            _write_human(out, path, extracted.text, findings, mask, many=len(paths) > 1)
    if as_json:
        json.dump({"files": results}, out, ensure_ascii=False, indent=None)
        out.write("\n")
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_BLOCK if blocking else EXIT_CLEAN


def _write_human(
    out: IO[str], path: str, text: str, findings: list[Finding], mask: bool, *, many: bool
) -> None:
    if mask:
        if many:
            out.write(f"==> {path} <==\n")
        out.write(apply_masks(text, findings))
        out.write("\n")
        return
    blocks = sum(f.severity == Severity.BLOCK for f in findings)
    if not findings:
        out.write(f"{path}: 未发现问题 / clean\n")
        return
    out.write(
        f"{path}: 发现 {len(findings)} 处，其中须处理 {blocks} 处 / {len(findings)} findings, {blocks} blocking\n"
    )
    for finding in findings:
        line, column = position(text, finding.start)
        level = "须处理 block" if finding.severity == Severity.BLOCK else "提示 warn"
        shown = finding.masked if finding.masked is not None else finding.text[:60]
        out.write(
            f"  {path}:{line}:{column}  [{level}] {CATEGORY_LABELS.get(finding.category, finding.category)}"
            f" ({finding.category})  {shown}  — {finding.reason}\n"
        )


def build_parser(prog: str = "zwgk scan") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="保密审查：在公开前检查文件中的密级标志和个人信息 / screen files for classified markings "
        "and personal data before publication",
    )
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help=".txt .docx .pdf .ofd .xlsx .csv，或 - 表示标准输入"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print one JSON object")
    parser.add_argument("--mask", action="store_true", help="输出脱敏后的文本 / print the masked text")
    parser.add_argument(
        "--allow-number",
        action="append",
        default=[],
        metavar="NUMBER",
        help="本单位公开的电话号码（可重复）/ a published contact number (repeatable)",
    )
    parser.add_argument("--lexicon", metavar="FILE", help="敏感词库文件（TSV）/ lexicon file (TSV)")
    parser.add_argument(
        "--max-mb", type=int, default=None, help="单个文件大小上限（MB）/ size limit per file"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (`python -m zwgk.screening`), without Django."""
    args = build_parser("python -m zwgk.screening").parse_args(argv)
    lexicon = None
    if args.lexicon:
        try:
            lexicon = read_lexicon(Path(args.lexicon).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, LexiconError) as exc:
            sys.stderr.write(f"敏感词库无法读取 / cannot read lexicon: {exc}\n")
            return EXIT_UNREADABLE
    limits = Limits(max_bytes=args.max_mb * 1024 * 1024) if args.max_mb else Limits()
    screener = Screener(lexicon=lexicon, allowed_numbers=args.allow_number)
    return run(args.paths, screener=screener, as_json=args.json, mask=args.mask, limits=limits)
