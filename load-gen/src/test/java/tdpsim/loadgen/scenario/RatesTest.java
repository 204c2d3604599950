package tdpsim.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RatesTest {
  @ParameterizedTest
  @CsvSource({
      "10Gbit/s, 1250000000",
      "10Gbit, 1250000000",
      "10Gbps, 1250000000",
      "10 Gb/s, 1250000000",
      "100Mbit/s, 12500000",
      "1.25GB/s, 1250000000",
      "100MiB/s, 104857600",
      "4KiB/s, 4096",
      "800, 800",
      "8bit/s, 1"})
  void ratesConvertToBytesPerSecond(String text, long bytesPerSec) {
    assertThat(Rates.parseBytesPerSec(text)).hasValue(bytesPerSec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "10Gbit/min", "10Xb/s", "", "1e3B/s"})
  void nonRatesAreRejected(String text) {
    assertThat(Rates.parseBytesPerSec(text)).isEmpty();
  }
}
