package dev.bpg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layout over every module at once (the service's own rules are in its {@code
 * ArchitectureTest}): no package cycle anywhere, the domain knows neither the command line nor the
 * local clusters, and the local clusters know nothing of the gateway.
 */
@AnalyzeClasses(
    packages = "dev.bpg",
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ModulesArchitectureTest.DoNotIncludeTestJars.class
    })
class ModulesArchitectureTest {
  /** The service's test fixtures come in its test jar, which the option above does not know. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest
  static final ArchRule noPackageCyclesAcrossModules =
      slices().matching("dev.bpg.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theDomainKnowsNoCommandLineNorLocalClusters =
      noClasses()
          .that()
          .resideInAnyPackage("dev.bpg.submission..", "dev.bpg.routing..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.bpg.cli..", "dev.bpg.bench..", "dev.bpg.local..");

  @ArchTest
  static final ArchRule theLocalClustersKnowNothingOfTheGateway =
      noClasses()
          .that()
          .resideInAPackage("dev.bpg.local..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.bpg.submission..",
              "dev.bpg.routing..",
              "dev.bpg.cluster..",
              "dev.bpg.store..",
              "dev.bpg.metrics..",
              "dev.bpg.config..",
              "dev.bpg.error..",
              "dev.bpg.http..",
              "dev.bpg.server..",
              "dev.bpg.cli..",
              "dev.bpg.bench..")
          .because(
              "the local clusters stand in for real clusters, which know nothing of the gateway");

  @ArchTest
  static final ArchRule theServiceKnowsNoCommandLine =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.bpg.submission..",
              "dev.bpg.routing..",
              "dev.bpg.cluster..",
              "dev.bpg.store..",
              "dev.bpg.metrics..",
              "dev.bpg.config..",
              "dev.bpg.error..",
              "dev.bpg.http..",
              "dev.bpg.server..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.bpg.cli..", "dev.bpg.bench..", "dev.bpg.local..")
          .because("the service runs on real clusters; the command line is built on it, not in it");
}
