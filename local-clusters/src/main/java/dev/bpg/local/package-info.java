/**
 * Local Kubernetes clusters in one JVM, for the demo, the {@code local-clusters} command and
 * end-to-end tests.
 *
 * <p>{@link dev.bpg.local.LocalClusters} is the entry point. Each cluster is a {@code
 * LocalApiServer} (fabric8's CRUD dispatcher behind a Vert.x server of our own, which adds
 * discovery, streamed pod logs, event field selectors and proper list kinds) and a {@code
 * LocalSparkOperator}, which moves {@code SparkApplication} objects through the Kubeflow Spark
 * operator's states by writing to that API server. The {@link dev.bpg.local.LocalRunMode} chosen at
 * start decides how: a {@code SimulatedRun} plays the states, pods, events and logs of a run
 * without Spark; a {@code SparkProcessRun} runs the application as a real Spark job in local mode
 * in a child JVM ({@code SparkJob} builds its command line from the spec, {@link
 * dev.bpg.local.SparkRuntime} finds the Spark jars that the {@code spark-runtime} module's build
 * resolved, {@code JobSlots} limits the jobs running at once per cluster, {@code DriverProcesses}
 * stops driver JVMs with their descendants). Spark itself never enters this JVM. Wherever the mock
 * is weaker than a real API server, the code that works around it says so.
 */
package dev.bpg.local;
