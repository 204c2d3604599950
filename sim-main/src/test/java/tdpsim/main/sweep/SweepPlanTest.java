package tdpsim.main.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.loadgen.EntitySeeds;
import tdpsim.main.Cli;
import tdpsim.main.UserException;
import tdpsim.main.work.WorkItem;
import tdpsim.protocol.Mode;

class SweepPlanTest {
  @TempDir
  Path tmp;

  private Path sweep(String body) throws IOException {
    Path f = tmp.resolve("s.conf");
    Files.writeString(f, body);
    return f;
  }

  @Test
  void expandsTheCartesianProductPointMajorWithTheLastAxisFastest() throws IOException {
    Path f = sweep("""
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf]
          seed = 77
          parameters {
            "tdpsim.scenario.iommu.max-leaf" = [4KiB, 2MiB, 1GiB]
            "tdpsim.cost.vm-exit" = [500ns, 2us]
          }
        }
        """);
    SweepPlan plan = SweepPlan.load(f, false);

    assertThat(plan.axes()).extracting(SweepAxis::name)
        .containsExactly("tdpsim.scenario.iommu.max-leaf", "tdpsim.cost.vm-exit");
    assertThat(plan.points()).hasSize(6);
    assertThat(plan.points().get(1).overrides())
        .containsEntry("tdpsim.scenario.iommu.max-leaf", "4KiB").containsEntry("tdpsim.cost.vm-exit", "2us");
    assertThat(plan.points().get(2).overrides())
        .containsEntry("tdpsim.scenario.iommu.max-leaf", "2MiB").containsEntry("tdpsim.cost.vm-exit", "500ns");
    List<WorkItem> items = plan.workItems();
    assertThat(items).hasSize(12);
    assertThat(items).extracting(WorkItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(items.get(5).mode()).isEqualTo(Mode.SHARED_IOPF);
    assertThat(plan.pointOf(items.get(5)).index()).isEqualTo(2);
    assertThat(items).allMatch(WorkItem::deterministic);
  }

  @Test
  void eachPointHasItsOwnDocumentedSeedSharedByItsDesigns() throws IOException {
    SweepPlan plan = SweepPlan.load(sweep("""
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf]
          seed = 5
          parameters { "tdpsim.cost.vm-exit" = [1us, 2us, 3us, 4us] }
        }
        """), false);

    Set<Long> seeds = new HashSet<>();
    for (SweepPoint p : plan.points()) {
      assertThat(p.seed()).isEqualTo(EntitySeeds.of(5, "sweep-point", p.index()))
          .isEqualTo(SweepPlan.pointSeed(5, p.index()));
      seeds.add(p.seed());
    }
    assertThat(seeds).hasSize(4);
    List<WorkItem> items = plan.workItems();
    assertThat(items.get(0).seed()).isEqualTo(items.get(1).seed());
    assertThat(items.get(1).seed()).isNotEqualTo(items.get(2).seed());
  }

  @Test
  void baseSeedDefaultsToTheScenarioSeedAndModesToTheScenarioModes() throws IOException {
    SweepPlan plan = SweepPlan.load(sweep("""
        sweep { scenario = "builtin:default", parameters { "tdpsim.cost.vm-exit" = [1us] } }
        """), false);

    assertThat(plan.baseSeed()).isEqualTo(42);
    assertThat(plan.modes()).hasSize(5);
    assertThat(plan.name()).isEqualTo("s");
  }

  @Test
  void variablesAreSubstitutedIntoTheTemplate() throws IOException {
    SweepPlan plan = SweepPlan.load(sweep("""
        sweep {
          scenario = "builtin:default"
          modes = [shared-iopf]
          variables {
            memory = [256MiB, 512MiB]
            backing = [4KiB, 2MiB]
          }
          template {
            "tdpsim.scenario.vms" = [{ name = vm, memslots = [{ gpa = 0, size = "$memory", backing = "$backing" }] }]
          }
        }
        """), false);

    assertThat(plan.points()).hasSize(4);
    Object vms = plan.points().get(3).overrides().get("tdpsim.scenario.vms");
    assertThat(vms.toString()).contains("size=512MiB").contains("backing=2MiB").doesNotContain("$");
    // Axes in file order (line by line), not alphabetical.
    assertThat(plan.axes()).extracting(SweepAxis::name).containsExactly("memory", "backing");
    assertThat(plan.label(plan.points().get(3), 0)).isEqualTo("512MiB");
  }

  @Test
  void theShippedSweepsLoad() {
    Path dir = Cli.projectRoot().resolve("scenarios/sweeps");
    assertThat(SweepPlan.load(dir.resolve("memory-x-backing.conf"), false).points()).hasSize(6);
    assertThat(SweepPlan.load(dir.resolve("iommu-leaf.conf"), false).points()).hasSize(3);
  }

  @Test
  void unknownSweepKeyIsRejectedWithDidYouMean() throws IOException {
    Path f = sweep("sweep { scenario = \"builtin:default\", paramters { \"tdpsim.cost.vm-exit\" = [1us] } }");
    assertError(f, "sweep.paramters", "did you mean sweep.parameters?");
  }

  @Test
  void emptyValueListIsRejected() throws IOException {
    Path f = sweep("sweep { scenario = \"builtin:default\", parameters { \"tdpsim.cost.vm-exit\" = [] } }");
    assertError(f, "sweep.parameters.\"tdpsim.cost.vm-exit\" = []", "expected at least one value");
  }

  @Test
  void keyOutsideTheScenarioSchemaIsRejectedWithDidYouMean() throws IOException {
    Path f = sweep("sweep { scenario = \"builtin:default\", parameters { \"tdpsim.scenario.iommu.max-leef\" = [4KiB] } }");
    assertError(f, "tdpsim.scenario.iommu.max-leef", "did you mean tdpsim.scenario.iommu.max-leaf?");
  }

  @Test
  void unreadableBaseScenarioIsRejected() throws IOException {
    Path f = sweep("sweep { scenario = \"../missing.conf\", parameters { \"tdpsim.cost.vm-exit\" = [1us] } }");
    assertError(f, "sweep.scenario = \"../missing.conf\"", "cannot read");
  }

  @Test
  void anInvalidPointIsRejectedBeforeAnythingRuns() throws IOException {
    Path f = sweep("""
        sweep {
          scenario = "builtin:default"
          parameters { "tdpsim.scenario.iommu.pri-queue-depth" = [8, 0] }
        }
        """);
    assertError(f, "point 1 (tdpsim.scenario.iommu.pri-queue-depth = 0)", "tdpsim.scenario.iommu.pri-queue-depth");
  }

  @Test
  void seedModesAndVariablesHaveTheirOwnPlaces() throws IOException {
    assertError(sweep("sweep { scenario = \"builtin:default\", parameters { \"tdpsim.scenario.seed\" = [1, 2] } }"),
        "tdpsim.scenario.seed", "set sweep.seed instead");
    assertError(sweep("sweep { scenario = \"builtin:default\", modes = [separate, bogus] }"),
        "sweep.modes", "unknown design 'bogus'");
    assertError(sweep("""
        sweep { scenario = "builtin:default", template { "tdpsim.scenario.name" = "$nope" } }
        """), "sweep.template", "does not define");
    assertError(sweep("""
        sweep { scenario = "builtin:default", variables { x = [1, 2] } }
        """), "sweep.variables.x", "not used");
    assertError(sweep("sweep { scenario = \"builtin:default\", parameters { \"tdpsim.cost.vm-exit\" = 1us } }"),
        "tdpsim.cost.vm-exit", "expected a list of values");
  }

  @Test
  void missingSweepFileIsRejected() {
    assertError(tmp.resolve("none.conf"), "none.conf", "cannot read the sweep file");
  }

  private static void assertError(Path f, String where, String what) {
    assertThatThrownBy(() -> SweepPlan.load(f, false))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(f.toString() + ": ")
        .hasMessageContaining(where)
        .hasMessageContaining(what)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

}
