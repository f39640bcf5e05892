"""Shared fixtures for the engine tests: the guardview binary, one generated organisation tree
in the S3 export layout, guardview's own answers for it, and one local Spark session.

Run through `make test-engines` (it installs the engines with scripts/setup-engines.sh and
builds guardview first). GUARDVIEW names another binary; ENGINE_TREE_FINDINGS the tree size.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUARDVIEW = Path(os.environ.get("GUARDVIEW", ROOT / "target" / "debug" / "guardview"))
TREE_FINDINGS = int(os.environ.get("ENGINE_TREE_FINDINGS", "500"))
TREE_SEED = 11
# Keys of `guardview summary` that describe the files read rather than the findings.
FILE_KEYS = {"files", "records", "duplicates", "skipped_files"}


def guardview(*args, check_exit=(0,)):
    """Runs guardview; returns stdout. Exit codes outside `check_exit` fail the test."""
    done = subprocess.run([str(GUARDVIEW), *map(str, args)], capture_output=True, text=True)
    assert done.returncode in check_exit, f"guardview {args} exited {done.returncode}: {done.stderr}"
    return done.stdout


def summary(*paths, check_exit=(0,)):
    return json.loads(guardview("summary", *paths, check_exit=check_exit))


def finding_numbers(summary_json):
    """The summary without the per-file bookkeeping: what must agree between loads."""
    return {k: v for k, v in summary_json.items() if k not in FILE_KEYS}


def statements(script):
    """The `;`-ended statements of a printed script, comment lines removed."""
    out = []
    for chunk in re.split(r";\s*\n", script):
        body = "\n".join(l for l in chunk.splitlines() if not l.strip().startswith("--")).strip()
        if body:
            out.append(body)
    return out


@pytest.fixture(scope="session")
def org_tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("org")
    guardview("sample", "--layout", "s3-org", "--out", root, "--findings", TREE_FINDINGS,
              "--seed", TREE_SEED)
    return root


@pytest.fixture(scope="session")
def native_rollup(org_tree, tmp_path_factory):
    out = tmp_path_factory.mktemp("native") / "rollup.csv"
    # The tree holds two broken objects on purpose: exit 2, the rest is counted.
    guardview("rollup", org_tree, "-o", out, check_exit=(2,))
    return out.read_text()


@pytest.fixture(scope="session")
def raw_summary(org_tree):
    return summary(org_tree, check_exit=(2,))


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("guardview-engine-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # List the tree's folders on the driver (a listing job per glob is slow locally).
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def run_spark(spark, script):
    for statement in statements(script):
        spark.sql(statement)


def run_duckdb(script):
    import duckdb

    connection = duckdb.connect()
    connection.execute(script)
    connection.close()


def single_part(folder, suffix):
    """The one part file Spark wrote into `folder`."""
    parts = sorted(Path(folder).glob(f"part-*{suffix}"))
    assert len(parts) >= 1, f"no part file in {folder}"
    return parts
