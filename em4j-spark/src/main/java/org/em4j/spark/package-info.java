/**
 * em4j on Apache Spark: the same families and the same engine as on one machine, with the
 * E-step run partition by partition on the cluster ({@link org.em4j.spark.SparkEStep}) over rows
 * cached in em4j's in-memory form ({@link org.em4j.spark.SparkData}); {@link
 * org.em4j.spark.SparkFitter} is the library call.
 */
package org.em4j.spark;
