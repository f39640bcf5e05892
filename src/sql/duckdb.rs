//! The DuckDB script (run with `duckdb < script.sql`, or `con.execute(script)` in Python):
//! `read_json` over the export files reading only the 14 top-level keys (resource and service
//! kept as JSON), or `read_parquet` over the lake, then `latest` and `rollup` with `COPY`.
//! DuckDB is not Trino: its SQL here is its own (`->>` paths, `TRY_CAST`, `\1` back-references).

use super::{fill, source_filters, SqlOptions, SqlSource};

const S3_EXPORT: &str = r#"SET TimeZone = 'UTC';

-- (1) A view over the export files. Only the 14 top-level keys are read (resource and service
-- as JSON text); the account, region and export day come from each file's path. A torn record
-- (ignore_errors) becomes a row without id and is dropped below. A corrupt gzip object still
-- stops DuckDB: `guardview summary DIR` names it; move it aside and run again.
CREATE OR REPLACE VIEW guardduty_export AS
SELECT *,
  regexp_extract(filename, 'AWSLogs/([0-9]+)/GuardDuty/', 1) AS export_account,
  regexp_extract(filename, 'GuardDuty/([^/]+)/[0-9]{4}/[0-9]{2}/[0-9]{2}/', 1) AS export_region,
  regexp_replace(regexp_extract(filename, '/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]*$', 1), '/', '-', 'g') AS export_day
FROM read_json('{LOCATION}/AWSLogs/*/GuardDuty/*/*/*/*/*.jsonl.gz',
  format = 'newline_delimited', ignore_errors = true, filename = true,
  columns = {schemaVersion: 'VARCHAR', accountId: 'VARCHAR', region: 'VARCHAR',
             "partition": 'VARCHAR', id: 'VARCHAR', arn: 'VARCHAR', "type": 'VARCHAR',
             resource: 'JSON', service: 'JSON', severity: 'DOUBLE', createdAt: 'VARCHAR',
             updatedAt: 'VARCHAR', title: 'VARCHAR', description: 'VARCHAR'});

-- (2) latest: one row per finding id in the window — the newest updatedAt, then the larger
-- service.count — written as JSON Lines that guardview loads like any export.
CREATE OR REPLACE VIEW guardduty_latest AS
SELECT * FROM (
  SELECT *, row_number() OVER (
      PARTITION BY id
      ORDER BY TRY_CAST(updatedAt AS TIMESTAMPTZ) DESC NULLS LAST,
               coalesce(TRY_CAST(service->>'$.count' AS BIGINT), 1) DESC) AS version_rank
  FROM guardduty_export
  WHERE id IS NOT NULL
{FILTERS}
) AS ranked
WHERE version_rank = 1;

COPY (
  SELECT schemaVersion, accountId, region, "partition", id, arn, "type", resource, service,
         severity, createdAt, updatedAt, title, description
  FROM guardduty_latest ORDER BY id
) TO '{OUTPUT}/latest.jsonl' (FORMAT JSON);

-- (3) rollup: Rollup v1 — one row per first-seen day (UTC), account, region, type, severity
-- band, resource type and archived flag; distinct findings and the sum of service.count.
COPY (
  SELECT day, account_id, region, finding_type, severity, resource_type, archived,
         count(*) AS findings, sum(occurrences) AS occurrences
  FROM (
    SELECT
      coalesce(substr(coalesce(nullif(trim(service->>'$.eventFirstSeen'), ''),
                               nullif(trim(createdAt), ''), nullif(trim(updatedAt), '')), 1, 10),
               'Unknown') AS day,
      coalesce(nullif(trim(accountId), ''), 'Unknown') AS account_id,
      coalesce(nullif(trim(region), ''), 'Unknown') AS region,
      coalesce(nullif(trim("type"), ''), 'Unknown') AS finding_type,
      CASE WHEN round(severity * 10) >= 90 THEN 'Critical'
           WHEN round(severity * 10) >= 70 THEN 'High'
           WHEN round(severity * 10) >= 40 THEN 'Medium'
           ELSE 'Low' END AS severity,
      coalesce(nullif(trim(resource->>'$.resourceType'), ''), 'Unknown') AS resource_type,
      coalesce(TRY_CAST(service->>'$.archived' AS BOOLEAN), false) AS archived,
      coalesce(TRY_CAST(service->>'$.count' AS BIGINT), 1) AS occurrences
    FROM guardduty_latest
  ) AS keyed
  GROUP BY day, account_id, region, finding_type, severity, resource_type, archived
  ORDER BY day, account_id, region, finding_type, severity, resource_type, archived
) TO '{OUTPUT}/rollup.csv' (HEADER);
"#;

const SECURITY_LAKE: &str = r#"SET TimeZone = 'UTC';

-- (1) A view over the lake's Parquet files (region=…/accountId=…/eventDay=YYYYMMDD/…), GuardDuty
-- rows only. The GuardDuty id is the last part of the finding ARN (finding_info.uid); the type
-- is the ASFF form's last part with its first '-' turned back into '/'.
CREATE OR REPLACE VIEW lake_guardduty AS
SELECT *,
  coalesce(nullif(regexp_extract(finding_info.uid, '/finding/([^/]+)$', 1), ''), finding_info.uid) AS finding_id
FROM read_parquet('{LOCATION}/**/*.parquet', hive_partitioning = true)
WHERE metadata.product.name = 'GuardDuty';

-- (2) latest: one row per finding id — the newest modified time, then the larger count.
CREATE OR REPLACE VIEW lake_latest AS
SELECT * FROM (
  SELECT *, row_number() OVER (
      PARTITION BY finding_id
      ORDER BY finding_info.modified_time_dt DESC NULLS LAST,
               coalesce(TRY_CAST(unmapped['aws/guardduty/service/count'] AS BIGINT), 1) DESC
    ) AS version_rank
  FROM lake_guardduty
  WHERE finding_id IS NOT NULL AND finding_id <> ''
{FILTERS}
) AS ranked
WHERE version_rank = 1;

-- The OCSF rows as they are (guardview reads OCSF Detection Findings as JSON Lines).
COPY (SELECT * EXCLUDE (version_rank, finding_id) FROM lake_latest ORDER BY finding_id)
  TO '{OUTPUT}/latest.jsonl' (FORMAT JSON);

-- (3) rollup: Rollup v1.
COPY (
  SELECT day, account_id, region, finding_type, severity, resource_type, archived,
         count(*) AS findings, sum(occurrences) AS occurrences
  FROM (
    SELECT
      coalesce(strftime(coalesce(finding_info.first_seen_time_dt, finding_info.created_time_dt,
                                 finding_info.modified_time_dt), '%Y-%m-%d'), 'Unknown') AS day,
      coalesce(nullif(trim(cloud.account.uid), ''), 'Unknown') AS account_id,
      coalesce(nullif(trim(cloud.region), ''), 'Unknown') AS region,
      coalesce(nullif(regexp_replace(regexp_extract(finding_info.types[1], '[^/]+$', 0),
                                     '^([^:]+:[^-]+)-', '\1/'), ''), 'Unknown') AS finding_type,
      CASE WHEN severity_id >= 5 THEN 'Critical' WHEN severity_id = 4 THEN 'High'
           WHEN severity_id = 3 THEN 'Medium' ELSE 'Low' END AS severity,
      CASE resources[1].type
           WHEN 'AwsEc2Instance' THEN 'Instance' WHEN 'AwsIamAccessKey' THEN 'AccessKey'
           WHEN 'AwsS3Bucket' THEN 'S3Bucket' WHEN 'AwsEksCluster' THEN 'EKSCluster'
           WHEN 'AwsEcsCluster' THEN 'ECSCluster' WHEN 'AwsLambdaFunction' THEN 'Lambda'
           WHEN 'AwsRdsDbInstance' THEN 'RDSDBInstance'
           ELSE coalesce(nullif(trim(resources[1].type), ''), 'Unknown') END AS resource_type,
      coalesce(TRY_CAST(unmapped['aws/guardduty/service/archived'] AS BOOLEAN), false) AS archived,
      coalesce(TRY_CAST(unmapped['aws/guardduty/service/count'] AS BIGINT), 1) AS occurrences
    FROM lake_latest
  ) AS keyed
  GROUP BY day, account_id, region, finding_type, severity, resource_type, archived
  ORDER BY day, account_id, region, finding_type, severity, resource_type, archived
) TO '{OUTPUT}/rollup.csv' (HEADER);
"#;

pub(super) fn render(options: &SqlOptions) -> String {
    let template = match options.source {
        SqlSource::S3Export => S3_EXPORT,
        SqlSource::SecurityLake => SECURITY_LAKE,
    };
    let filters = source_filters(options, "accountId", "eventDay");
    fill(options, "DuckDB", template, &filters)
}
