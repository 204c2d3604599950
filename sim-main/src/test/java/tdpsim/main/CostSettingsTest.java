package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.cost.dist.Constant;
import tdpsim.actors.cost.dist.Empirical;
import tdpsim.actors.cost.dist.LogNormal;
import tdpsim.actors.cost.dist.Uniform;

class CostSettingsTest {
  @TempDir
  Path dir;

  private CostModel load(String scenario, String origin) {
    Config c = ConfigFactory.parseString(scenario).withFallback(ConfigFactory.defaultReference()).resolve();
    return CostSettings.from(c, origin);
  }

  private CostModel load(String scenario) {
    return load(scenario, "s.conf");
  }

  @Test
  void referenceDefaultsGiveAHeavyTailedFaultAndSourcedConstants() {
    CostModel m = load("");
    assertThat(m.detail().of(CostKey.TDP_FAULT)).isEqualTo(new LogNormal(2_000, 24_000));
    assertThat(m.tdpFaultNs()).isEqualTo(2_000);
    assertThat(m.detail().of(CostKey.VM_EXIT)).isEqualTo(new Constant(1_000));
    assertThat(m.detail().of(CostKey.DIRTY_LOG_CLEAR_PER_PAGE)).isEqualTo(new Constant(66));
    assertThat(m.detail().zeroingBytesPerSec()).isEqualTo(25_700L << 20);
    assertThat(m.detail().prqWorkers()).isEqualTo(4);
  }

  @Test
  void aScenarioMayWriteADurationOrAnyForm() throws IOException {
    Files.writeString(dir.resolve("pri.csv"), "value,weight\n10us,3\n40us,1\n");
    CostModel m = load("""
        tdpsim.cost {
          tdp-fault = 3us
          vm-exit { dist = lognormal, median = 1us, p99 = 5us }
          iommu-walk { dist = uniform, min = 300ns, max = 1us }
          pri-request { dist = empirical, file = pri.csv }
          host.zeroing-bandwidth = 10GiB
          iommu.prq-workers = 2
        }
        """, dir.resolve("s.conf").toString());
    assertThat(m.detail().of(CostKey.TDP_FAULT)).isEqualTo(new Constant(3_000));
    assertThat(m.detail().of(CostKey.VM_EXIT)).isEqualTo(new LogNormal(1_000, 5_000));
    assertThat(m.detail().of(CostKey.IOMMU_WALK)).isEqualTo(new Uniform(300, 1_000));
    assertThat(m.detail().of(CostKey.PRI_REQUEST)).isInstanceOf(Empirical.class);
    assertThat(m.priRequestNs()).isEqualTo(10_000);
    assertThat(m.detail().zeroingBytesPerSec()).isEqualTo(10L << 30);
    assertThat(m.detail().prqWorkers()).isEqualTo(2);
  }

  @Test
  void mistakesAreOneLineNamingFileAndKey() {
    assertError("tdpsim.cost.tdp-fault { dist = lognormal, median = 20us, p99 = 2us }",
        "s.conf: tdpsim.cost.tdp-fault: lognormal needs 0 < median <= p99");
    assertError("tdpsim.cost.tdp-fault { dist = gamma }",
        "s.conf: tdpsim.cost.tdp-fault.dist = gamma: expected constant, lognormal, uniform or empirical");
    assertError("tdpsim.cost.iommu-walk { dist = uniform, min = 2us, max = 1us }",
        "s.conf: tdpsim.cost.iommu-walk: uniform needs min <= max");
    assertError("tdpsim.cost.iommu-walk { dist = uniform, min = 1us }",
        "s.conf: tdpsim.cost.iommu-walk.max: missing");
    assertError("tdpsim.cost.vm-exit = fast", "s.conf: tdpsim.cost.vm-exit: expected a duration");
    assertError("tdpsim.cost.vm-exit = -1us", "s.conf: tdpsim.cost.vm-exit = -1000ns: must not be negative");
    assertError("tdpsim.cost.vm-exitt = 1us", "s.conf: tdpsim.cost.vm-exitt: unknown cost key");
    assertError("tdpsim.cost.tdp-fault { dist = lognormal, median = 1us, p99 = 9us, min = 1ns }",
        "s.conf: tdpsim.cost.tdp-fault.min: does not belong to dist = lognormal");
    assertError("tdpsim.cost.pri-request { dist = empirical, file = nope.csv }",
        "s.conf: tdpsim.cost.pri-request.file = nope.csv: cannot read");
    assertError("tdpsim.cost.iommu.prq-workers = 0", "s.conf: tdpsim.cost.iommu.prq-workers = 0: expected a whole");
    assertError("tdpsim.cost.host.zeroing-bandwidth = lots", "s.conf: tdpsim.cost.host.zeroing-bandwidth: expected");
  }

  @Test
  void badEmpiricalFilesAreNamedByRow() throws IOException {
    Files.writeString(dir.resolve("bad.csv"), "10us,1\n20us,-1\n");
    assertThatThrownBy(() -> load("tdpsim.cost.pri-request { dist = empirical, file = bad.csv }",
        dir.resolve("s.conf").toString()))
        .isInstanceOf(UserException.class).hasMessageContaining("tdpsim.cost.pri-request.file = bad.csv: row 2");
    Files.writeString(dir.resolve("cols.csv"), "10us\n");
    assertThatThrownBy(() -> load("tdpsim.cost.pri-request { dist = empirical, file = cols.csv }",
        dir.resolve("s.conf").toString()))
        .isInstanceOf(UserException.class).hasMessageContaining("row 1: expected value,weight");
  }

  @Test
  void assumptionsAreTheKeysWhoseSourceSaysSo() {
    Config ref = ConfigFactory.defaultReference();
    assertThat(CostSettings.assumptions(ref)).contains("tdp-fault", "pri-request", "iommu.prq-workers")
        .doesNotContain("vm-exit", "page-alloc-1g", "host.zeroing-bandwidth", "dirty-log-clear-per-page");
  }

  @Test
  void scaledValuesAreWhatAScenarioWouldWrite() {
    Config ref = ConfigFactory.defaultReference();
    assertThat(CostSettings.scaled(ref, "r", "pri-request", 4)).isEqualTo("40000ns");
    assertThat(CostSettings.scaled(ref, "r", "iommu.prq-workers", 0.25)).isEqualTo(1);
    Object fault = CostSettings.scaled(ref, "r", "tdp-fault", 0.25);
    CostModel m = load("tdpsim.cost.tdp-fault = " + ConfigFactory.parseMap(java.util.Map.of("x", fault)).getValue("x")
        .render(com.typesafe.config.ConfigRenderOptions.concise()));
    assertThat(m.detail().of(CostKey.TDP_FAULT)).isEqualTo(new LogNormal(500, 6_000));
  }

  private void assertError(String scenario, String message) {
    assertThatThrownBy(() -> load(scenario)).isInstanceOf(UserException.class).hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
