/**
 * The {@code em4j-spark} command line: {@code em4j fit} with Apache Spark reading the data and
 * running the E-step, for {@code spark-submit} and for local mode from the project's build.
 */
package org.em4j.spark.cli;
