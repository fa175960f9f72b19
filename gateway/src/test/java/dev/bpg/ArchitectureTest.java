package dev.bpg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layout of DESIGN §4, held by the build: the domain ({@code submission}, {@code routing}) owns
 * the seams it needs and depends on no adapter; the CRD vocabulary is a leaf; no package depends on
 * another that depends back on it.
 */
@AnalyzeClasses(packages = "dev.bpg", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule noPackageCycles =
      slices()
          .matching("dev.bpg.(**)")
          .should()
          .beFreeOfCycles()
          .because("a cycle makes two packages one; each package must be usable without its users");

  @ArchTest
  static final ArchRule domainDependsOnNoAdapter =
      noClasses()
          .that()
          .resideInAnyPackage("dev.bpg.submission..", "dev.bpg.routing..", "dev.bpg.artifact..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.bpg.cluster..",
              "dev.bpg.store..",
              "dev.bpg.storage..",
              "software.amazon..",
              "dev.bpg.metrics..",
              "dev.bpg.http..",
              "dev.bpg.server..",
              "dev.bpg.local..",
              "dev.bpg.bench..",
              "dev.bpg.cli..",
              "jakarta.ws.rs..",
              "io.fabric8..",
              "java.sql..",
              "javax.sql..")
          .because(
              "submission, routing and artifact are the domain: they own the seams they need, and"
                  + " adapters implement them for HTTP, Kubernetes, JDBC and S3");

  @ArchTest
  static final ArchRule theCrdVocabularyIsALeaf =
      classes()
          .that()
          .resideInAPackage("dev.bpg.submission.model..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "dev.bpg.submission.model..", "java..", "com.fasterxml.jackson.annotation..")
          .because(
              "configuration and adapters use the SparkApplication's vocabulary without the"
                  + " domain");

  @ArchTest
  static final ArchRule routingKnowsNothingOfSubmissions =
      noClasses()
          .that()
          .resideInAPackage("dev.bpg.routing..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.bpg.submission..")
          .because("routing chooses among clusters from configuration and conditions alone");
}
