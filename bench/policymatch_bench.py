"""政策找人 benchmark: 10,000 profiles × 500 policies, every pair classified 符合 / 可能符合 / 不符合.

The engine (`conditions.Population`) indexes the profiles once per field and answers each leaf condition for all
profiles as one bitset; all/any are bitwise and/or on (true, false) bitsets. Peers in the same run, on a sample of
profiles and extrapolated to the full 5,000,000 pairs:
  - per-pair: `evaluate(parsed, profile)` for every pair, conditions parsed once (the explaining walk);
  - naive: the conditions re-parsed from their JSON for every evaluation.
Target: the engine under 5 s. Ratios are of CPU time (process_time), steadier than wall time on a shared machine. Run: .venv/bin/python bench/policymatch_bench.py [profiles] [policies]
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

from zwgk.policymatch.conditions import (
    BUILTIN_FIELDS,
    DISTRICT_STREETS,
    Population,
    evaluate,
    parse,
    registry,
)

REG = registry()
FIELDS = [f for f in BUILTIN_FIELDS if "enterprise" in f.kinds]
STREETS = list(DISTRICT_STREETS)


def value(rng: random.Random, f: Any) -> Any:
    if f.type == "int":
        return rng.randint(1, 2000)
    if f.type == "number":
        return round(rng.uniform(10, 100000), 1)
    if f.type == "date":
        return (date(1995, 1, 1) + timedelta(days=rng.randint(0, 11000))).isoformat()
    if f.type == "bool":
        return rng.random() < 0.3
    if f.type == "choice":
        return rng.choice(sorted(f.choices))
    return rng.choice(STREETS)


def leaf(rng: random.Random) -> dict[str, Any]:
    f = rng.choice(FIELDS)
    if f.type in ("int", "number", "date"):
        op = rng.choice(["<", "<=", ">", ">="])
        v: Any = value(rng, f)
    elif f.type == "bool":
        op, v = "==", rng.random() < 0.8
    else:
        op = rng.choice(["in", "not_in", "=="])
        v = rng.sample(sorted(f.choices) if f.choices else STREETS, 3) if op != "==" else value(rng, f)
    return {"field": f.key, "op": op, "value": v, "clause": f"第{rng.randint(1, 12)}条"}


def policy(rng: random.Random) -> dict[str, Any]:
    """A realistic 申报条件 shape: 2–5 conditions, one of them an alternative, sometimes an exclusion."""
    items: list[dict[str, Any]] = [leaf(rng) for _ in range(rng.randint(1, 3))]
    items.append({"any": [leaf(rng), leaf(rng)]})
    if rng.random() < 0.4:
        items.append({"not": leaf(rng)})
    return {"all": items}


def profile(rng: random.Random) -> dict[str, Any]:
    raw = {f.key: value(rng, f) for f in FIELDS if rng.random() < 0.85}
    return {key: date.fromisoformat(v) if key == "founded_on" else v for key, v in raw.items()}


def main() -> None:
    n_profiles = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    n_policies = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    rng = random.Random(20261204)
    policies_json = [policy(rng) for _ in range(n_policies)]
    profiles = [profile(rng) for _ in range(n_profiles)]
    pairs = n_profiles * n_policies

    start, cpu = time.perf_counter(), time.process_time()
    parsed = [parse(p, "enterprise", REG) for p in policies_json]
    population = Population(profiles)
    eligible = maybe = 0
    for conditions in parsed:
        e, m = population.levels(conditions)
        eligible += len(population.members(e))
        maybe += len(population.members(m))
    engine = time.perf_counter() - start
    engine_cpu = time.process_time() - cpu

    sample = profiles[: max(1, n_profiles // 50)]
    start = time.process_time()
    for p in sample:
        for conditions in parsed:
            evaluate(conditions, p)
    per_pair = (time.process_time() - start) / (len(sample) * n_policies) * pairs

    naive_sample = profiles[: max(1, n_profiles // 500)]
    start = time.process_time()
    for p in naive_sample:
        for text in policies_json:
            evaluate(parse(json.loads(json.dumps(text)), "enterprise", REG), p)
    naive = (time.process_time() - start) / (len(naive_sample) * n_policies) * pairs

    # The engine and the explaining walk agree on the sample.
    for i, p in enumerate(sample[:50]):
        for conditions in parsed[:100]:
            assert population.level_of(conditions, i) == evaluate(conditions, p).level

    print(f"{n_profiles} profiles × {n_policies} policies = {pairs:,} pairs")
    print(f"  eligible pairs {eligible:,}, maybe pairs {maybe:,}")
    print(f"  engine (bitset population):   {engine:8.2f} s wall, {engine_cpu:.2f} s CPU")
    print(
        f"  per-pair explaining walk:     {per_pair:8.2f} s CPU (extrapolated from {len(sample)} profiles), ratio {per_pair / engine_cpu:6.1f}×"
    )
    print(
        f"  naive (re-parse every time):  {naive:8.2f} s CPU (extrapolated from {len(naive_sample)} profiles), ratio {naive / engine_cpu:6.1f}×"
    )


if __name__ == "__main__":
    main()
