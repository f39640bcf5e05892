//! The Athena (engine v3, Trino) script: AWS's documented GuardDuty table (openx JsonSerDe,
//! top-level columns as strings) with partition projection over account, region and export
//! date, or the Security Lake table; then `latest` (UNLOAD as gzip JSON Lines) and `rollup`
//! (a SELECT whose result CSV, downloaded from the console, is the Rollup v1 file). Checked
//! here with sqlglot's Trino dialect only; docs/org-scale.md gives the fixture's expected
//! output to compare in an account.

use super::{filter_lines, preamble, SqlOptions, SqlSource};

/// Every commercial region GuardDuty exports from, for the projection when `--regions` is not
/// given (a region listed but unused costs nothing).
const DEFAULT_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

const S3_EXPORT: &str = r#"-- (1) AWS's table for the export (docs.aws.amazon.com/athena/latest/ug/querying-guardduty.html),
-- partitioned by projection so a query reads only the accounts, regions and days it names.
-- LOCATION is the AWSLogs/ prefix of the organisation's export bucket. Run once.
CREATE EXTERNAL TABLE IF NOT EXISTS guardduty_export (
  `schemaversion` string, `accountid` string, `region` string, `partition` string,
  `id` string, `arn` string, `type` string, `resource` string, `service` string,
  `severity` string, `createdat` string, `updatedat` string, `title` string,
  `description` string)
PARTITIONED BY (`export_account` string, `export_region` string, `export_date` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION '{LOCATION}'
TBLPROPERTIES (
  'has_encrypted_data' = 'true',
  'projection.enabled' = 'true',
  'projection.export_account.type' = 'enum',
  'projection.export_account.values' = '{ACCOUNTS}',
  'projection.export_region.type' = 'enum',
  'projection.export_region.values' = '{REGIONS}',
  'projection.export_date.type' = 'date',
  'projection.export_date.format' = 'yyyy/MM/dd',
  'projection.export_date.range' = '{RANGE}',
  'projection.export_date.interval' = '1',
  'projection.export_date.interval.unit' = 'DAYS',
  'storage.location.template' = '{LOCATION}${export_account}/GuardDuty/${export_region}/${export_date}/'
);

-- (2) latest: one row per finding id in the window — the newest updatedAt, then the larger
-- service.count. The view is read by both outputs below.
CREATE OR REPLACE VIEW guardduty_latest AS
SELECT * FROM (
  SELECT *, row_number() OVER (
      PARTITION BY id
      ORDER BY try(from_iso8601_timestamp(updatedat)) DESC NULLS LAST,
               coalesce(try_cast(json_extract_scalar(service, '$.count') AS bigint), 1) DESC
    ) AS version_rank
  FROM guardduty_export
  WHERE id IS NOT NULL
{FILTERS}
) AS ranked
WHERE version_rank = 1;

-- The latest set rebuilt as the camelCase finding and unloaded as gzip JSON Lines. Rename the
-- unloaded objects to *.jsonl.gz (or load them as they are: guardview reads by content).
UNLOAD (
  SELECT '{"schemaVersion":' || coalesce(json_format(CAST(schemaversion AS JSON)), 'null')
      || ',"accountId":' || coalesce(json_format(CAST(accountid AS JSON)), 'null')
      || ',"region":' || coalesce(json_format(CAST(region AS JSON)), 'null')
      || ',"partition":' || coalesce(json_format(CAST("partition" AS JSON)), 'null')
      || ',"id":' || json_format(CAST(id AS JSON))
      || ',"arn":' || coalesce(json_format(CAST(arn AS JSON)), 'null')
      || ',"type":' || coalesce(json_format(CAST("type" AS JSON)), 'null')
      || ',"severity":' || coalesce(severity, 'null')
      || ',"createdAt":' || coalesce(json_format(CAST(createdat AS JSON)), 'null')
      || ',"updatedAt":' || coalesce(json_format(CAST(updatedat AS JSON)), 'null')
      || ',"title":' || coalesce(json_format(CAST(title AS JSON)), 'null')
      || ',"description":' || coalesce(json_format(CAST(description AS JSON)), 'null')
      || ',"resource":' || coalesce(resource, 'null')
      || ',"service":' || coalesce(service, 'null') || '}' AS finding
  FROM guardduty_latest
) TO '{OUTPUT}latest/' WITH (format = 'TEXTFILE', compression = 'GZIP');

-- (3) rollup: Rollup v1. Run it, then "Download results": that CSV (header row, every value
-- quoted) is the rollup file guardview reads.
SELECT day, account_id, region, finding_type, severity, resource_type, archived,
       count(*) AS findings, sum(occurrences) AS occurrences
FROM (
  SELECT
    coalesce(substr(coalesce(nullif(trim(json_extract_scalar(service, '$.eventFirstSeen')), ''),
                             nullif(trim(createdat), ''), nullif(trim(updatedat), '')), 1, 10),
             'Unknown') AS day,
    coalesce(nullif(trim(accountid), ''), 'Unknown') AS account_id,
    coalesce(nullif(trim(region), ''), 'Unknown') AS region,
    coalesce(nullif(trim("type"), ''), 'Unknown') AS finding_type,
    CASE WHEN round(CAST(severity AS double) * 10) >= 90 THEN 'Critical'
         WHEN round(CAST(severity AS double) * 10) >= 70 THEN 'High'
         WHEN round(CAST(severity AS double) * 10) >= 40 THEN 'Medium'
         ELSE 'Low' END AS severity,
    coalesce(nullif(trim(json_extract_scalar(resource, '$.resourceType')), ''), 'Unknown') AS resource_type,
    coalesce(try_cast(json_extract_scalar(service, '$.archived') AS boolean), false) AS archived,
    coalesce(try_cast(json_extract_scalar(service, '$.count') AS bigint), 1) AS occurrences
  FROM guardduty_latest
) AS keyed
GROUP BY day, account_id, region, finding_type, severity, resource_type, archived
ORDER BY day, account_id, region, finding_type, severity, resource_type, archived;
"#;

const SECURITY_LAKE: &str = r#"-- (1) The lake's Security Hub table already exists (Security Lake created it):
-- {LAKE_TABLE}
-- (--location names another, e.g. for the lake's home region). Partitions: region,
-- accountid, eventday ('YYYYMMDD').

-- (2) latest: one row per finding id — the newest modified time, then the larger count. The
-- view is read by both outputs below.
CREATE OR REPLACE VIEW lake_guardduty_latest AS
SELECT * FROM (
  SELECT lake.*, row_number() OVER (
      PARTITION BY coalesce(regexp_extract(finding_info.uid, '/finding/([^/]+)$', 1), finding_info.uid)
      ORDER BY finding_info.modified_time_dt DESC NULLS LAST,
               coalesce(try_cast(element_at(unmapped, 'aws/guardduty/service/count') AS bigint), 1) DESC
    ) AS version_rank
  FROM {LAKE_TABLE} AS lake
  WHERE metadata.product.name = 'GuardDuty'
{FILTERS}
) AS ranked
WHERE version_rank = 1;

-- The OCSF rows as they are, unloaded as JSON (guardview reads OCSF Detection Findings).
UNLOAD (SELECT * FROM lake_guardduty_latest)
TO '{OUTPUT}latest/' WITH (format = 'JSON', compression = 'GZIP');

-- (3) rollup: Rollup v1. Run it, then "Download results" (the CSV is the rollup file).
SELECT day, account_id, region, finding_type, severity, resource_type, archived,
       count(*) AS findings, sum(occurrences) AS occurrences
FROM (
  SELECT
    coalesce(date_format(coalesce(finding_info.first_seen_time_dt, finding_info.created_time_dt,
                                  finding_info.modified_time_dt), '%Y-%m-%d'), 'Unknown') AS day,
    coalesce(nullif(trim(cloud.account.uid), ''), 'Unknown') AS account_id,
    coalesce(nullif(trim(cloud.region), ''), 'Unknown') AS region,
    coalesce(nullif(regexp_replace(regexp_extract(element_at(finding_info.types, 1), '[^/]+$'),
                                   '^([^:]+:[^-]+)-', '$1/'), ''), 'Unknown') AS finding_type,
    CASE WHEN severity_id >= 5 THEN 'Critical' WHEN severity_id = 4 THEN 'High'
         WHEN severity_id = 3 THEN 'Medium' ELSE 'Low' END AS severity,
    CASE element_at(resources, 1).type
         WHEN 'AwsEc2Instance' THEN 'Instance' WHEN 'AwsIamAccessKey' THEN 'AccessKey'
         WHEN 'AwsS3Bucket' THEN 'S3Bucket' WHEN 'AwsEksCluster' THEN 'EKSCluster'
         WHEN 'AwsEcsCluster' THEN 'ECSCluster' WHEN 'AwsLambdaFunction' THEN 'Lambda'
         WHEN 'AwsRdsDbInstance' THEN 'RDSDBInstance'
         ELSE coalesce(nullif(trim(element_at(resources, 1).type), ''), 'Unknown') END AS resource_type,
    coalesce(try_cast(element_at(unmapped, 'aws/guardduty/service/archived') AS boolean), false) AS archived,
    coalesce(try_cast(element_at(unmapped, 'aws/guardduty/service/count') AS bigint), 1) AS occurrences
  FROM lake_guardduty_latest
) AS keyed
GROUP BY day, account_id, region, finding_type, severity, resource_type, archived
ORDER BY day, account_id, region, finding_type, severity, resource_type, archived;
"#;

pub(super) fn render(options: &SqlOptions) -> String {
    let lake_table = options.location.clone();
    let mut location = options.location.clone();
    if !location.ends_with('/') {
        location.push('/');
    }
    let mut output = options.output.clone();
    if !output.ends_with('/') {
        output.push('/');
    }
    let (template, filters) = match options.source {
        SqlSource::S3Export => (
            S3_EXPORT,
            filter_lines(
                options,
                "export_account",
                "export_region",
                "export_date",
                "/",
            ),
        ),
        SqlSource::SecurityLake => (
            SECURITY_LAKE,
            filter_lines(options, "accountid", "region", "eventday", ""),
        ),
    };
    let accounts = if options.accounts.is_empty() {
        "111122223333,444455556666".to_owned()
    } else {
        options.accounts.join(",")
    };
    let regions = if options.regions.is_empty() {
        DEFAULT_REGIONS.join(",")
    } else {
        options.regions.join(",")
    };
    let range = format!(
        "{},{}",
        options
            .from
            .as_deref()
            .unwrap_or("2024-01-01")
            .replace('-', "/"),
        options
            .to
            .as_deref()
            .map_or("NOW".to_owned(), |d| d.replace('-', "/"))
    );
    let mut script = preamble(options, "Amazon Athena (engine v3, Trino)");
    if options.accounts.is_empty() && options.source == SqlSource::S3Export {
        script.push_str(
            "-- NOTE: no --accounts given: replace the example account ids in\n\
             -- 'projection.export_account.values' with the organisation's member accounts.\n\n",
        );
    }
    script
        + &template
            .replace("{FILTERS}", &filters)
            .replace("{ACCOUNTS}", &accounts)
            .replace("{REGIONS}", &regions)
            .replace("{RANGE}", &range)
            .replace("{LOCATION}", &location)
            .replace("{LAKE_TABLE}", &lake_table)
            .replace("{OUTPUT}", &output)
}
