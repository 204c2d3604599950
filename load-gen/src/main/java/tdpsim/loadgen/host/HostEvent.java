package tdpsim.loadgen.host;

import java.util.Objects;
import tdpsim.loadgen.scenario.HostEventKind;

/**
 * One host memory event: at virtual time {@code timeNs}, {@code kind} hits the VM's pages
 * [{@code startGfn}, {@code startGfn + pages}).
 *
 * @param timeNs virtual time of the event
 * @param kind what the host does
 * @param vmIndex the VM whose memory is hit
 * @param startGfn first 4 KiB guest frame hit
 * @param pages 4 KiB pages hit
 * @param source index of the {@code HostEventSettings} in the scenario that produced it (the tie-break)
 */
public record HostEvent(long timeNs, HostEventKind kind, int vmIndex, long startGfn, long pages, int source) {
  public HostEvent {
    Objects.requireNonNull(kind, "kind");
  }

  /** One past the last frame hit. */
  public long endGfn() {
    return startGfn + pages;
  }
}
