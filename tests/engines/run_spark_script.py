"""Runs a `guardview sql --engine spark` script on a local Spark session: `python
run_spark_script.py MASTER SCRIPT` (used by scripts/bench-engines.sh; the tests use the same
statement splitting from conftest)."""

import sys

from pyspark.sql import SparkSession

from conftest import statements


def main(master, script_path):
    spark = (
        SparkSession.builder.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with open(script_path, encoding="utf-8") as script:
        for statement in statements(script.read()):
            spark.sql(statement)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
