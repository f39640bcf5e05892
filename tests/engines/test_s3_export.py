"""The S3 export, reduced three ways: `guardview rollup`, Spark local mode and DuckDB must
write the same Rollup v1 file row for row, and the `latest` sets from Spark and DuckDB, loaded
by guardview, must give the same summary as the raw tree. The Athena script must parse."""

import re

import sqlglot

from conftest import (
    finding_numbers,
    guardview,
    run_duckdb,
    run_spark,
    single_part,
    statements,
    summary,
)


def test_the_tree_has_updates_broken_objects_and_foreign_files(raw_summary):
    assert raw_summary["duplicates"] > 0, "ids must repeat across export objects"
    assert raw_summary["archived"] > 0
    errors = [f for f in raw_summary["files"] if f["error"]]
    assert len(errors) == 2
    assert raw_summary["skipped_files"] >= 4
    assert len(raw_summary["files"]) > 200


def test_duckdb_writes_the_native_rollup_and_latest(org_tree, tmp_path, native_rollup, raw_summary):
    script = guardview("sql", "--source", "s3-export", "--engine", "duckdb",
                       "--location", org_tree, "--output", tmp_path)
    run_duckdb(script)
    assert (tmp_path / "rollup.csv").read_text() == native_rollup
    latest = summary(tmp_path / "latest.jsonl")
    assert latest["duplicates"] == 0
    assert finding_numbers(latest) == finding_numbers(raw_summary)


def test_spark_writes_the_native_rollup_and_latest(spark, org_tree, tmp_path, native_rollup,
                                                    raw_summary):
    script = guardview("sql", "--source", "s3-export", "--engine", "spark",
                       "--location", org_tree, "--output", tmp_path)
    run_spark(spark, script)
    (rollup,) = single_part(tmp_path / "rollup", ".csv")
    assert rollup.read_text() == native_rollup
    # The latest part files, as the docs say to join them, are one JSON Lines file.
    latest_file = tmp_path / "latest.jsonl"
    latest_file.write_text("".join(p.read_text() for p in single_part(tmp_path / "latest", ".txt")))
    latest = summary(latest_file)
    assert latest["duplicates"] == 0
    assert finding_numbers(latest) == finding_numbers(raw_summary)


def test_a_window_and_filters_reduce_the_same_way_on_both_engines(spark, org_tree, tmp_path):
    window = ["--from", "2026-10-01", "--to", "2026-10-31", "--accounts", "111122223333",
              "--regions", "us-east-1,eu-west-1"]
    duck, spk = tmp_path / "duck", tmp_path / "spark"
    run_duckdb(guardview("sql", "--source", "s3-export", "--engine", "duckdb",
                         "--location", org_tree, "--output", duck.mkdir() or duck, *window))
    run_spark(spark, guardview("sql", "--source", "s3-export", "--engine", "spark",
                               "--location", org_tree, "--output", spk, *window))
    (spark_rollup,) = single_part(spk / "rollup", ".csv")
    duck_rollup = (duck / "rollup.csv").read_text()
    assert spark_rollup.read_text() == duck_rollup
    rows = duck_rollup.splitlines()[1:]
    assert rows, "the window holds findings"
    assert all(",111122223333," in row for row in rows)


def test_rollup_totals_equal_the_summary(native_rollup, raw_summary, tmp_path):
    path = tmp_path / "rollup.csv"
    path.write_text(native_rollup)
    rollups = summary(path)["rollups"]
    assert rollups["findings"] == raw_summary["unique_findings"]
    assert rollups["archived"] == raw_summary["archived"]
    for key in ("by_severity", "by_type", "by_resource_type", "by_account", "by_region"):
        assert rollups[key] == raw_summary[key], key


def test_the_athena_scripts_parse_as_trino():
    for args in ([], ["--from", "2026-01-01", "--to", "2026-12-31", "--accounts",
                      "111122223333,444455556666", "--regions", "eu-west-1"]):
        script = guardview("sql", "--source", "s3-export", "--engine", "athena", *args)
        ddl, view, unload, rollup = statements(script)
        # The table DDL is Hive DDL (Athena runs DDL on Hive): parsed by sqlglot's Athena dialect.
        created = sqlglot.parse_one(ddl, read="athena")
        assert isinstance(created, sqlglot.exp.Create)
        assert "projection.export_date.type" in ddl
        assert isinstance(sqlglot.parse_one(view, read="trino"), sqlglot.exp.Create)
        # sqlglot has no UNLOAD: its query is parsed on its own.
        inner = re.fullmatch(r"UNLOAD \((.*)\) TO '[^']+' WITH \(.*\)", unload, re.S)
        assert inner, unload[:200]
        for query in (inner.group(1), rollup):
            parsed = sqlglot.parse_one(query, read="trino")
            assert isinstance(parsed, sqlglot.exp.Select)
        if "--from" in args:
            assert "export_date >= '2026/01/01'" in view


def test_the_athena_security_lake_script_parses_as_trino():
    script = guardview("sql", "--source", "security-lake", "--engine", "athena",
                       "--from", "2026-01-01", "--regions", "eu-west-1")
    view, unload, rollup = statements(script)
    assert "eventday >= '20260101'" in view
    assert isinstance(sqlglot.parse_one(view, read="trino"), sqlglot.exp.Create)
    inner = re.fullmatch(r"UNLOAD \((.*)\)\s*TO '[^']+' WITH \(.*\)", unload, re.S)
    assert inner, unload[:200]
    for query in (inner.group(1), rollup):
        assert isinstance(sqlglot.parse_one(query, read="trino"), sqlglot.exp.Select)
