/**
 * Local Kubernetes clusters in one JVM, for the demo, the {@code local-clusters} command and end-to-end tests.
 *
 * <p>{@link dev.bpg.local.LocalClusters} is the entry point. Each cluster is a {@code LocalApiServer} (fabric8's CRUD
 * dispatcher behind a Vert.x server of our own, which adds discovery, streamed pod logs, event field selectors and
 * proper list kinds) and a {@code LocalSparkOperator}, which moves {@code SparkApplication} objects through the
 * Kubeflow Spark operator's states by writing to that API server, without running Spark. Wherever the mock is weaker
 * than a real API server, the code that works around it says so.
 */
package dev.bpg.local;
