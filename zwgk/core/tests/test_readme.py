"""Every environment variable the platform reads is documented in README.md (a new setting without a README row
fails here, whichever app added it)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ZWGK = ROOT / "zwgk"
# Names read outside settings.py go through os.environ or the zwgk.config readers.
READ_ELSEWHERE = re.compile(r"""(?:environ\.get|getenv|env_[a-z_]+)\(\s*["'](ZWGK_[A-Z0-9_]+)["']""")


def variables_read() -> set[str]:
    names = set(
        re.findall(r"""["'](ZWGK_[A-Z0-9_]+)["']""", (ZWGK / "settings.py").read_text(encoding="utf-8"))
    )
    for path in ZWGK.rglob("*.py"):
        if "tests" not in path.relative_to(ZWGK).parts:
            names |= set(READ_ELSEWHERE.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_setting_read_is_listed_in_the_readme():
    names = variables_read()
    assert {"ZWGK_DEBUG", "ZWGK_DATABASE_URL", "ZWGK_PDF_FONT", "ZWGK_BIND"} <= names  # the scan finds them
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_the_readme_lists_each_setting_in_one_row_only():
    rows = [
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `ZWGK_")
    ]
    first_cells = [re.findall(r"`(ZWGK_[A-Z0-9_]+)`", row.split("|")[1]) for row in rows]
    listed = [name for cell in first_cells for name in cell]
    assert len(listed) > 60
    assert sorted({n for n in listed if listed.count(n) > 1}) == []
