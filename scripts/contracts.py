"""Keep the GX suites and the dbt YAML in line with the one contract source, dagster_project/schemas.py.

usage: .venv/bin/python scripts/contracts.py            # check: list every disagreement, exit 1 if any
       .venv/bin/python scripts/contracts.py --write    # regenerate the generated parts, then check

--write rewrites, in place, the parts that are generated from schemas.py (and from the marts' dbt
contracts): the column lists and value sets of expectations/*.json and the ``vars:`` block of
dbt/dbt_project.yml; it keeps everything else (notes, other expectations). What it cannot generate,
the dbt YAML's accepted_values and descriptions and the raw sources' columns, it only checks.
See dagster_project/contracts.py for what follows what.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dagster_project import contracts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="regenerate the generated files in place")
    args = parser.parse_args(argv)
    if args.write:
        for path in contracts.write():
            print(f"wrote {path.relative_to(contracts.config.REPO_ROOT)}")
    problems = contracts.check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} disagreement(s) with dagster_project/schemas.py", file=sys.stderr)
        return 1
    print("contracts: the GX suites and the dbt YAML agree with dagster_project/schemas.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
