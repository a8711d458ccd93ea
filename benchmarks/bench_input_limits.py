"""Input limits (issue #17): what the checks on a JSON body cost, beside parsing the same body.

``apps.core.input_limits`` looks at every JSON body before authentication (NUL escapes, nesting
depth, number of arrays and objects), so an anonymous client can make it work: its cost must
stay in the order of what parsing costs (``json.loads``, which DRF runs anyway after
authentication), for ordinary bodies and for the most hostile ones the 2.5 MiB limit allows.
Prints, per body, the median time of the checks and of ``json.loads`` (or that it fails).
No database, a few seconds.

    .venv/bin/python benchmarks/bench_input_limits.py [--repeat 3]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from apps.core.input_limits import RefusedInput, check_json_shape, has_escaped_nul  # noqa: E402

LINE = {"sku": "VALVE-DN50", "quantity": 10, "unit_price": "84.00"}
BODIES = {
    "earn (80 B)": json.dumps({"points": 250, "reason": "Trade fair visit"}),
    "offline order, 500 lines": json.dumps(
        {"external_id": "SO-1", "member": 1, "currency": "EUR", "lines": [LINE] * 500}
    ),
    "one 2.5 MB string": json.dumps({"notes": "x" * 2_500_000}),
    "a 2.5 MB string of brackets": json.dumps({"notes": "[" * 2_500_000}),
    "2.5 MB of escaped quotes": json.dumps({"notes": '\\"' * 600_000}),
    "2.5 MB of quote characters": '"' * 2_500_000,
    "100,000 containers 64 deep": "[" + ",".join(["[" * 63 + "]" * 63] * 1_587) + "]",
    "2.5 MB of [] (too many)": "[" + "[]," * 850_000 + "[]]",
    "3,000 deep": "[" * 3_000 + "]" * 3_000,
}


def median_ms(function, body: bytes, repeat: int) -> tuple[float, str]:
    timings, outcome = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            function(body)
            outcome = "ok"
        except RefusedInput as refused:
            outcome = f"{refused.status} {refused.code}"
        except (ValueError, RecursionError) as error:
            outcome = type(error).__name__
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), outcome


def checks(body: bytes) -> None:
    if has_escaped_nul(body):
        raise RefusedInput(400, "null_character", "")
    check_json_shape(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    print(f"{'body':<30} {'size':>10} {'checks ms':>10} {'outcome':<16} {'json.loads ms':>14}")
    for name, text in BODIES.items():
        body = text.encode()
        checked, outcome = median_ms(checks, body, repeat)
        parsed, parse_outcome = median_ms(json.loads, body, repeat)
        parse = f"{parsed:.2f}" if parse_outcome == "ok" else parse_outcome
        print(f"{name:<30} {len(body):>10,} {checked:>10.2f} {outcome:<16} {parse:>14}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
