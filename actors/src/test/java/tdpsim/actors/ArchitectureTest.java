package tdpsim.actors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

  /** The actor packages' peers: none of them may see another, nor the machine or a VM supervisor that spawn them. */
  private static final String[] ACTORS = {"tdpsim.actors.vcpu..", "tdpsim.actors.mmu..", "tdpsim.actors.iommu..",
      "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.migration..", "tdpsim.actors.vm..",
      "tdpsim.actors.machine.."};

  /** No two packages of the actors module depend on each other, however indirectly (issue 20). */
  static final ArchRule actorPackagesAreFreeOfCycles = slices().matching("tdpsim.actors.(*)..")
      .should().beFreeOfCycles();

  /**
   * The migration actor talks to vCPUs, IOMMUs and devices by message only; it may use the MMU's domain code
   * (dirty logging) through {@code migration} itself, never an actor class or the machine that spawns it.
   */
  static final ArchRule migrationSeesNoOtherActor = noClasses().that().resideInAPackage("tdpsim.actors.migration..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.mmu..",
          "tdpsim.actors.iommu..", "tdpsim.actors.device..", "tdpsim.actors.host..", "tdpsim.actors.vm..",
          "tdpsim.actors.machine..");

  /** A VM supervisor spawns its vCPUs, MMU and migration; it sees no machine-wide actor and not the machine. */
  static final ArchRule vmSeesOnlyItsOwnActors = noClasses().that().resideInAPackage("tdpsim.actors.vm..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.iommu..", "tdpsim.actors.device..",
          "tdpsim.actors.host..", "tdpsim.actors.machine..");

  /** Wiring is what the machine hands every actor: it must not know any actor or the machine. */
  static final ArchRule wiringSeesNoActor = noClasses().that().resideInAPackage("tdpsim.actors.wiring..")
      .should().dependOnClassesThat().resideInAnyPackage(ACTORS);

  /** Statistics are plain Java every package uses: no actor package, no wiring, no Pekko. */
  static final ArchRule statsArePlainJava = noClasses().that().resideInAPackage("tdpsim.actors.stats..")
      .should().dependOnClassesThat().resideInAnyPackage(concat(ACTORS, "tdpsim.actors.wiring..",
          "org.apache.pekko.."));

  /** Dirty tracking state is touched on the write paths of vCPUs, devices and faults: plain Java, leaf package. */
  static final ArchRule dirtyIsALeaf = noClasses().that().resideInAPackage("tdpsim.actors.dirty..")
      .should().dependOnClassesThat().resideInAnyPackage(concat(ACTORS, "tdpsim.actors.wiring..",
          "tdpsim.actors.fault..", "tdpsim.actors.table..", "org.apache.pekko.."));

  /** Actors other than the VM supervisor and the machine never see the migration or supervisor packages. */
  static final ArchRule devicePathsSeeNoMigrationOrVm = noClasses()
      .that().resideInAnyPackage("tdpsim.actors.vcpu..", "tdpsim.actors.iommu..", "tdpsim.actors.device..",
          "tdpsim.actors.host..")
      .should().dependOnClassesThat().resideInAnyPackage("tdpsim.actors.migration..", "tdpsim.actors.vm..");

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

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
  void actorPackagesAreFreeOfCyclesHolds() {
    actorPackagesAreFreeOfCycles.check(CLASSES);
  }

  @Test
  void migrationSeesNoOtherActorHolds() {
    migrationSeesNoOtherActor.check(CLASSES);
  }

  @Test
  void vmSeesOnlyItsOwnActorsHolds() {
    vmSeesOnlyItsOwnActors.check(CLASSES);
  }

  @Test
  void wiringSeesNoActorHolds() {
    wiringSeesNoActor.check(CLASSES);
  }

  @Test
  void statsArePlainJavaHolds() {
    statsArePlainJava.check(CLASSES);
  }

  @Test
  void dirtyIsALeafHolds() {
    dirtyIsALeaf.check(CLASSES);
  }

  @Test
  void devicePathsSeeNoMigrationOrVmHolds() {
    devicePathsSeeNoMigrationOrVm.check(CLASSES);
  }

  @Test
  void noWallClockOnTheSimulatedPathHolds() {
    noWallClockOnTheSimulatedPath.check(CLASSES);
  }
}
