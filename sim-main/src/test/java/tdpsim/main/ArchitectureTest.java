package tdpsim.main;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The module layering of DEVELOPERS.md over all four modules: dependencies point one way. */
class ArchitectureTest {
  static final ArchRule protocolHoldsOnlyMessages = noClasses().that().resideInAPackage("tdpsim.protocol..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors..", "tdpsim.loadgen..", "tdpsim.main..");

  static final ArchRule actorsDoNotSeeLoadGenOrMain = noClasses().that().resideInAPackage("tdpsim.actors..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.loadgen..", "tdpsim.main..");

  static final ArchRule loadGenDoesNotSeeActorsOrMain = noClasses().that().resideInAPackage("tdpsim.loadgen..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors..", "tdpsim.main..");

  static final ArchRule onlySimMainHasAMain = methods().that().haveName("main").and().areStatic()
      .should().beDeclaredInClassesThat().resideInAPackage("tdpsim.main..")
      .allowEmptyShould(true);

  static final ArchRule wallClockOnlyForTheSimulatorsOwnFigures = noClasses()
      .that().resideOutsideOfPackages("tdpsim.main.engine..", "tdpsim.main.bench..", "tdpsim.main.cluster..",
          "tdpsim.main.progress..", "tdpsim.main.sweep..")
      .should().callMethod(System.class, "nanoTime")
      .orShould().callMethod(System.class, "currentTimeMillis")
      .because("simulated time is virtual; only the simulator's own wall-time figures read the clock");

  /** Plain JUnit tests over the rules, so that a broken rule fails the build wherever it runs. */
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("tdpsim");

  @Test
  void protocolHoldsOnlyMessagesHolds() {
    protocolHoldsOnlyMessages.check(CLASSES);
  }

  @Test
  void actorsDoNotSeeLoadGenOrMainHolds() {
    actorsDoNotSeeLoadGenOrMain.check(CLASSES);
  }

  @Test
  void loadGenDoesNotSeeActorsOrMainHolds() {
    loadGenDoesNotSeeActorsOrMain.check(CLASSES);
  }

  @Test
  void onlySimMainHasAMainHolds() {
    onlySimMainHasAMain.check(CLASSES);
  }

  @Test
  void wallClockOnlyForTheSimulatorsOwnFiguresHolds() {
    wallClockOnlyForTheSimulatorsOwnFigures.check(CLASSES);
  }
}
