package tdpsim.actors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering and determinism rules of STYLE.md, checked on the compiled classes. */
@AnalyzeClasses(packages = "tdpsim.actors", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule tableIsPlainJava = noClasses().that().resideInAPackage("tdpsim.actors.table..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..");

  @ArchTest
  static final ArchRule domainPackagesArePlainJava = noClasses()
      .that().resideInAnyPackage("tdpsim.actors.memory..", "tdpsim.actors.tlb..", "tdpsim.actors.fault..",
          "tdpsim.actors.cost..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..");

  @ArchTest
  static final ArchRule vcpuSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.vcpu..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.mmu..", "tdpsim.actors.iommu..",
          "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  @ArchTest
  static final ArchRule mmuSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.mmu..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.iommu..",
          "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  @ArchTest
  static final ArchRule iommuSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.iommu..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  @ArchTest
  static final ArchRule deviceSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.device..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.iommu..", "tdpsim.actors.host..", "tdpsim.actors.machine..");

  @ArchTest
  static final ArchRule hostSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.host..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.iommu..", "tdpsim.actors.device..", "tdpsim.actors.machine..");

  @ArchTest
  static final ArchRule noWallClockOnTheSimulatedPath = noClasses()
      .should().callMethod(System.class, "nanoTime")
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callConstructor(java.util.Random.class)
      .because("simulated time is virtual and randomness comes from seeded per-entity streams");
}
