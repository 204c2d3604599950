package tdpsim.actors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The layering and determinism rules of STYLE.md, checked on the compiled classes. */
class ArchitectureTest {
  static final ArchRule tableIsPlainJava = noClasses().that().resideInAPackage("tdpsim.actors.table..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..");

  static final ArchRule domainPackagesArePlainJava = noClasses()
      .that().resideInAnyPackage("tdpsim.actors.memory..", "tdpsim.actors.tlb..", "tdpsim.actors.fault..",
          "tdpsim.actors.cost..", "tdpsim.actors.queue..", "tdpsim.actors.access..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..");

  static final ArchRule vcpuSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.vcpu..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.mmu..", "tdpsim.actors.iommu..",
          "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  static final ArchRule mmuSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.mmu..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.iommu..",
          "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  static final ArchRule iommuSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.iommu..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  static final ArchRule deviceSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.device..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.iommu..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  static final ArchRule hostSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.host..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.iommu..", "tdpsim.actors.device..", "tdpsim.actors.machine..");

  static final ArchRule noWallClockOnTheSimulatedPath = noClasses()
      .should().callMethod(System.class, "nanoTime")
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callConstructor(java.util.Random.class)
      .because("simulated time is virtual and randomness comes from seeded per-entity streams");

  /** Plain JUnit tests over the rules, so that a broken rule fails the build wherever it runs. */
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("tdpsim.actors");

  @Test
  void tableIsPlainJavaHolds() {
    tableIsPlainJava.check(CLASSES);
  }

  @Test
  void domainPackagesArePlainJavaHolds() {
    domainPackagesArePlainJava.check(CLASSES);
  }

  @Test
  void vcpuSeesNoOtherActorHolds() {
    vcpuSeesNoOtherActor.check(CLASSES);
  }

  @Test
  void mmuSeesNoOtherActorHolds() {
    mmuSeesNoOtherActor.check(CLASSES);
  }

  @Test
  void iommuSeesNoOtherActorHolds() {
    iommuSeesNoOtherActor.check(CLASSES);
  }

  @Test
  void deviceSeesNoOtherActorHolds() {
    deviceSeesNoOtherActor.check(CLASSES);
  }

  @Test
  void hostSeesNoOtherActorHolds() {
    hostSeesNoOtherActor.check(CLASSES);
  }

  @Test
  void noWallClockOnTheSimulatedPathHolds() {
    noWallClockOnTheSimulatedPath.check(CLASSES);
  }
}
