//! The Spark SQL script (spark-sql, a notebook cell per statement on Databricks/EMR/Glue, or
//! `spark.sql(statement)` per `;`-ended statement): a JSON view that reads resource and service
//! as raw JSON text (the 14 top-level keys only), or a Parquet view over the lake, then `latest`
//! and `rollup` written with `INSERT OVERWRITE DIRECTORY`.

use super::{fill, source_filters, SqlOptions, SqlSource};

const S3_EXPORT: &str = r#"-- Dates are UTC; a torn gzip object is skipped rather than failing the job (guardview
-- summary DIR names it).
SET spark.sql.session.timeZone = UTC;
SET spark.sql.files.ignoreCorruptFiles = true;

-- (1) A view over the export files. Declaring resource and service as STRING keeps them as
-- their raw JSON text; the account, region and export day come from each file's path.
CREATE OR REPLACE TEMPORARY VIEW guardduty_export_files
  (schemaVersion STRING, accountId STRING, region STRING, `partition` STRING, id STRING,
   arn STRING, type STRING, resource STRING, service STRING, severity DOUBLE,
   createdAt STRING, updatedAt STRING, title STRING, description STRING)
USING json
OPTIONS (path '{LOCATION}/AWSLogs/*/GuardDuty/*/*/*/*/*.jsonl.gz', mode 'PERMISSIVE');

-- input_file_name() names each row's object (on Databricks Unity Catalog, use
-- _metadata.file_path on a DataFrame read instead).
CREATE OR REPLACE TEMPORARY VIEW guardduty_export AS
SELECT *,
  regexp_extract(source_object, 'AWSLogs/([0-9]+)/GuardDuty/', 1) AS export_account,
  regexp_extract(source_object, 'GuardDuty/([^/]+)/[0-9]{4}/[0-9]{2}/[0-9]{2}/', 1) AS export_region,
  replace(regexp_extract(source_object, '/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]*$', 1), '/', '-') AS export_day
FROM (SELECT *, input_file_name() AS source_object FROM guardduty_export_files) AS located;

-- (2) latest: one row per finding id in the window — the newest updatedAt, then the larger
-- service.count — one JSON object per line (the part files' lines are the JSON Lines file:
-- `cat {OUTPUT}/latest/part-* > latest.jsonl`).
CREATE OR REPLACE TEMPORARY VIEW guardduty_latest AS
SELECT * FROM (
  SELECT *, row_number() OVER (
      PARTITION BY id
      ORDER BY CAST(updatedAt AS TIMESTAMP) DESC NULLS LAST,
               coalesce(CAST(get_json_object(service, '$.count') AS BIGINT), 1) DESC) AS version_rank
  FROM guardduty_export
  WHERE id IS NOT NULL
{FILTERS}
) AS ranked
WHERE version_rank = 1;

-- Read the export once for both outputs.
CACHE TABLE guardduty_latest;

INSERT OVERWRITE DIRECTORY '{OUTPUT}/latest' USING text
SELECT concat(
  substr(scalars, 1, length(scalars) - 1),
  ',"severity":', coalesce(CAST(severity AS STRING), 'null'),
  ',"resource":', coalesce(resource, 'null'),
  ',"service":', coalesce(service, 'null'), '}') AS value
FROM (
  SELECT *, to_json(named_struct(
      'schemaVersion', schemaVersion, 'accountId', accountId, 'region', region,
      'partition', `partition`, 'id', id, 'arn', arn, 'type', type, 'createdAt', createdAt,
      'updatedAt', updatedAt, 'title', title, 'description', description)) AS scalars
  FROM guardduty_latest
) AS projected;

-- (3) rollup: Rollup v1 — one row per first-seen day (UTC), account, region, type, severity
-- band, resource type and archived flag; distinct findings and the sum of service.count. One
-- CSV file with a header: {OUTPUT}/rollup/part-*.csv.
INSERT OVERWRITE DIRECTORY '{OUTPUT}/rollup' USING csv OPTIONS (header 'true')
SELECT /*+ COALESCE(1) */ * FROM (
  SELECT day, account_id, region, finding_type, severity, resource_type, archived,
         count(*) AS findings, sum(occurrences) AS occurrences
  FROM (
    SELECT
      coalesce(substr(coalesce(nullif(trim(get_json_object(service, '$.eventFirstSeen')), ''),
                               nullif(trim(createdAt), ''), nullif(trim(updatedAt), '')), 1, 10),
               'Unknown') AS day,
      coalesce(nullif(trim(accountId), ''), 'Unknown') AS account_id,
      coalesce(nullif(trim(region), ''), 'Unknown') AS region,
      coalesce(nullif(trim(type), ''), 'Unknown') AS finding_type,
      CASE WHEN round(severity * 10) >= 90 THEN 'Critical'
           WHEN round(severity * 10) >= 70 THEN 'High'
           WHEN round(severity * 10) >= 40 THEN 'Medium'
           ELSE 'Low' END AS severity,
      coalesce(nullif(trim(get_json_object(resource, '$.resourceType')), ''), 'Unknown') AS resource_type,
      coalesce(CAST(get_json_object(service, '$.archived') AS BOOLEAN), false) AS archived,
      coalesce(CAST(get_json_object(service, '$.count') AS BIGINT), 1) AS occurrences
    FROM guardduty_latest
  ) AS keyed
  GROUP BY day, account_id, region, finding_type, severity, resource_type, archived
  ORDER BY day, account_id, region, finding_type, severity, resource_type, archived
) AS rollup;
"#;

const SECURITY_LAKE: &str = r#"SET spark.sql.session.timeZone = UTC;
-- Partition values stay text (accountId would otherwise become a number and lose zeros).
SET spark.sql.sources.partitionColumnTypeInference.enabled = false;

-- (1) A view over the lake's Parquet files (region=…/accountId=…/eventDay=YYYYMMDD/…), GuardDuty
-- rows only. On EMR/Glue/Databricks with the Glue catalog, use the lake table instead:
-- amazon_security_lake_glue_db_<region>.amazon_security_lake_table_<region>_sh_findings_2_0.
CREATE OR REPLACE TEMPORARY VIEW lake_files
USING parquet OPTIONS (path '{LOCATION}');

CREATE OR REPLACE TEMPORARY VIEW lake_guardduty AS
SELECT *,
  coalesce(nullif(regexp_extract(finding_info.uid, '/finding/([^/]+)$', 1), ''), finding_info.uid) AS finding_id
FROM lake_files
WHERE metadata.product.name = 'GuardDuty';

-- (2) latest: one row per finding id — the newest modified time, then the larger count.
CREATE OR REPLACE TEMPORARY VIEW lake_latest AS
SELECT * FROM (
  SELECT *, row_number() OVER (
      PARTITION BY finding_id
      ORDER BY finding_info.modified_time_dt DESC NULLS LAST,
               coalesce(CAST(unmapped['aws/guardduty/service/count'] AS BIGINT), 1) DESC
    ) AS version_rank
  FROM lake_guardduty
  WHERE finding_id IS NOT NULL AND finding_id <> ''
{FILTERS}
) AS ranked
WHERE version_rank = 1;

-- The OCSF rows as they are (plus finding_id and version_rank, which guardview ignores).
INSERT OVERWRITE DIRECTORY '{OUTPUT}/latest' USING json
SELECT * FROM lake_latest;

-- (3) rollup: Rollup v1, one CSV file with a header: {OUTPUT}/rollup/part-*.csv.
INSERT OVERWRITE DIRECTORY '{OUTPUT}/rollup' USING csv OPTIONS (header 'true')
SELECT /*+ COALESCE(1) */ * FROM (
  SELECT day, account_id, region, finding_type, severity, resource_type, archived,
         count(*) AS findings, sum(occurrences) AS occurrences
  FROM (
    SELECT
      coalesce(date_format(coalesce(finding_info.first_seen_time_dt, finding_info.created_time_dt,
                                    finding_info.modified_time_dt), 'yyyy-MM-dd'), 'Unknown') AS day,
      coalesce(nullif(trim(cloud.account.uid), ''), 'Unknown') AS account_id,
      coalesce(nullif(trim(cloud.region), ''), 'Unknown') AS region,
      coalesce(nullif(regexp_replace(regexp_extract(finding_info.types[0], '[^/]+$', 0),
                                     '^([^:]+:[^-]+)-', '$1/'), ''), 'Unknown') AS finding_type,
      CASE WHEN severity_id >= 5 THEN 'Critical' WHEN severity_id = 4 THEN 'High'
           WHEN severity_id = 3 THEN 'Medium' ELSE 'Low' END AS severity,
      CASE resources[0].type
           WHEN 'AwsEc2Instance' THEN 'Instance' WHEN 'AwsIamAccessKey' THEN 'AccessKey'
           WHEN 'AwsS3Bucket' THEN 'S3Bucket' WHEN 'AwsEksCluster' THEN 'EKSCluster'
           WHEN 'AwsEcsCluster' THEN 'ECSCluster' WHEN 'AwsLambdaFunction' THEN 'Lambda'
           WHEN 'AwsRdsDbInstance' THEN 'RDSDBInstance'
           ELSE coalesce(nullif(trim(resources[0].type), ''), 'Unknown') END AS resource_type,
      coalesce(CAST(unmapped['aws/guardduty/service/archived'] AS BOOLEAN), false) AS archived,
      coalesce(CAST(unmapped['aws/guardduty/service/count'] AS BIGINT), 1) AS occurrences
    FROM lake_latest
  ) AS keyed
  GROUP BY day, account_id, region, finding_type, severity, resource_type, archived
  ORDER BY day, account_id, region, finding_type, severity, resource_type, archived
) AS rollup;
"#;

pub(super) fn render(options: &SqlOptions) -> String {
    let template = match options.source {
        SqlSource::S3Export => S3_EXPORT,
        SqlSource::SecurityLake => SECURITY_LAKE,
    };
    let filters = source_filters(options, "accountId", "eventDay");
    fill(options, "Spark SQL", template, &filters)
}
