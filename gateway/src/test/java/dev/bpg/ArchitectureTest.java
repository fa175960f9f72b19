package dev.bpg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** STYLE habit 1: the domain packages know nothing of HTTP, Kubernetes clients or JDBC. */
@AnalyzeClasses(
    packages = {"dev.bpg.submission", "dev.bpg.routing"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule domainPackagesDependOnNoHttpKubernetesOrJdbc = noClasses()
      .that().resideInAnyPackage("dev.bpg.submission..", "dev.bpg.routing..")
      .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.fabric8..", "java.sql..")
      .because("submission and routing are the domain; adapters translate HTTP, Kubernetes and JDBC for them");
}
