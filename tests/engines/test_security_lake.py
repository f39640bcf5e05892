"""A Security Lake case: the tree's records as OCSF 1.1 Detection Findings (what Security Hub
writes to the lake's sh_findings_2_0 table), as Parquet in the lake's partition layout
(region=/accountId=/eventDay=), reduced by Spark and DuckDB to the same Rollup v1 — which is
also the native rollup of the S3 export, since both hold the same findings."""

import datetime as dt
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from conftest import guardview, run_duckdb, run_spark, single_part

OCSF_RESOURCE = {
    "Instance": "AwsEc2Instance", "AccessKey": "AwsIamAccessKey", "S3Bucket": "AwsS3Bucket",
    "EKSCluster": "AwsEksCluster", "ECSCluster": "AwsEcsCluster", "Lambda": "AwsLambdaFunction",
    "RDSDBInstance": "AwsRdsDbInstance",
}

SCHEMA = pa.schema([
    ("class_uid", pa.int32()),
    ("metadata", pa.struct([("product", pa.struct([("name", pa.string())]))])),
    ("finding_info", pa.struct([
        ("uid", pa.string()), ("title", pa.string()), ("types", pa.list_(pa.string())),
        ("created_time_dt", pa.timestamp("ms", tz="UTC")),
        ("modified_time_dt", pa.timestamp("ms", tz="UTC")),
        ("first_seen_time_dt", pa.timestamp("ms", tz="UTC")),
        ("last_seen_time_dt", pa.timestamp("ms", tz="UTC")),
    ])),
    ("cloud", pa.struct([("account", pa.struct([("uid", pa.string())])),
                         ("region", pa.string())])),
    ("severity_id", pa.int32()),
    ("severity", pa.string()),
    ("resources", pa.list_(pa.struct([("type", pa.string()), ("uid", pa.string())]))),
    ("unmapped", pa.map_(pa.string(), pa.string())),
])


def when(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def band_id(score):
    tenths = round(score * 10)
    return 5 if tenths >= 90 else 4 if tenths >= 70 else 3 if tenths >= 40 else 2


def ocsf_row(record):
    service = record.get("service") or {}
    kind = record["type"]
    purpose, rest = kind.split(":", 1)
    resource_type = (record.get("resource") or {}).get("resourceType")
    severity_id = band_id(record["severity"])
    return {
        "class_uid": 2004,
        "metadata": {"product": {"name": "GuardDuty"}},
        "finding_info": {
            "uid": record["arn"], "title": record.get("title"),
            # ASFF form: the native type's '/' becomes '-'.
            "types": [f"TTPs/{purpose}/{purpose}:{rest.replace('/', '-', 1)}"],
            "created_time_dt": when(record.get("createdAt")),
            "modified_time_dt": when(record.get("updatedAt")),
            "first_seen_time_dt": when(service.get("eventFirstSeen")),
            "last_seen_time_dt": when(service.get("eventLastSeen")),
        },
        "cloud": {"account": {"uid": record["accountId"]}, "region": record["region"]},
        "severity_id": severity_id,
        "severity": {2: "Low", 3: "Medium", 4: "High", 5: "Critical"}[severity_id],
        "resources": [{"type": OCSF_RESOURCE.get(resource_type, resource_type),
                       "uid": record["id"]}],
        "unmapped": [("aws/guardduty/service/count", str(service.get("count", 1))),
                     ("aws/guardduty/service/archived",
                      "true" if service.get("archived") else "false")],
    }


def export_records(tree):
    for path in sorted(Path(tree).rglob("*.jsonl.gz")):
        try:
            lines = gzip.decompress(path.read_bytes()).decode().splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def write_lake(tree, lake):
    partitions = {}
    for record in export_records(tree):
        day = record["updatedAt"][:10].replace("-", "")
        key = (record["region"], record["accountId"], day)
        partitions.setdefault(key, []).append(ocsf_row(record))
    # Another product's finding in the same table: not GuardDuty, never counted.
    foreign = dict(ocsf_row(next(export_records(tree))), metadata={"product": {"name": "Inspector"}})
    partitions.setdefault(("us-east-1", "111122223333", "20261101"), []).append(foreign)
    for (region, account, day), rows in sorted(partitions.items()):
        folder = lake / f"region={region}" / f"accountId={account}" / f"eventDay={day}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), folder / "part-0.parquet")
    return len(partitions)


def test_spark_and_duckdb_reduce_the_lake_to_the_native_rollup(spark, org_tree, tmp_path,
                                                                native_rollup):
    lake = tmp_path / "lake"
    assert write_lake(org_tree, lake) > 50
    duck, spk = tmp_path / "duck", tmp_path / "spark"
    duck.mkdir()
    run_duckdb(guardview("sql", "--source", "security-lake", "--engine", "duckdb",
                         "--location", lake, "--output", duck))
    run_spark(spark, guardview("sql", "--source", "security-lake", "--engine", "spark",
                               "--location", lake, "--output", spk))
    (spark_rollup,) = single_part(spk / "rollup", ".csv")
    assert (duck / "rollup.csv").read_text() == native_rollup
    assert spark_rollup.read_text() == native_rollup
