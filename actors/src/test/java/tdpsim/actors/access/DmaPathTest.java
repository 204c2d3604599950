package tdpsim.actors.access;

import static org.assertj.core.api.Assertions.assertThat;
import static tdpsim.actors.access.AccessRig.write;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.protocol.Mode;

class DmaPathTest {
  private final List<String> faults = new ArrayList<>();

  private DmaPath path(AccessRig rig, AccessSource source, boolean pri, boolean ats) {
    return new DmaPath("nic", rig.vm, new Iotlb(512), ats ? new Tlb(64) : null, source, pri, 4, 400, rig.config,
        rig.rec, rig.draws(), faults::add);
  }

  @Test
  void dmaToAnUnmappedPageWithoutPriIsFatalAndStopsTheDevice() {
    AccessRig rig = new AccessRig(Mode.SHARED_IOPF);
    DmaPath p = path(rig, AccessRig.source(write(10), write(11)), false, false);
    assertThat(p.run(Long.MAX_VALUE, 10)).isEqualTo(DmaPath.Stop.STOPPED);
    assertThat(rig.rec.get(Counter.DMA_FAULTS)).isEqualTo(1);
    assertThat(rig.rec.get(Counter.DEVICES_STOPPED)).isEqualTo(1);
    assertThat(rig.rec.get(Counter.DMA_TRANSLATIONS)).isZero();
    assertThat(faults).singleElement().asString().contains("gfn 0xa", "without PRI");
  }

  @Test
  void faultingPagesOfABurstGoOutAsOnePageRequestGroupThenTheRetryHitsTheCaches() {
    AccessRig rig = new AccessRig(Mode.SHARED_IOPF);
    // Six new pages, the fourth twice: a group holds at most 4 distinct pages.
    DmaPath p = path(rig, AccessRig.source(write(20), write(21), write(22), write(22), write(23), write(24),
        write(25)), true, true);

    assertThat(p.run(Long.MAX_VALUE, 100)).isEqualTo(DmaPath.Stop.PAGE_REQUEST);
    assertThat(p.groupSize()).isEqualTo(4);
    assertThat(new long[] {p.groupGfn(0), p.groupGfn(1), p.groupGfn(2), p.groupGfn(3)})
        .containsExactly(20, 21, 22, 23);
    assertThat(rig.rec.get(Counter.DEVICE_PAGE_REQUESTS)).isEqualTo(4);
    assertThat(p.clockNs()).as("the IOMMU walk that faulted").isEqualTo(500);

    FaultResult r = new FaultResult();
    for (int k = 0; k < p.groupSize(); k++) {
      rig.vm.tdpFaults().handle(p.groupGfn(k), p.groupAccess(k), r);
    }
    p.advanceClockTo(20_000);
    assertThat(p.retryCurrent()).isTrue();
    assertThat(p.run(Long.MAX_VALUE, 2)).isEqualTo(DmaPath.Stop.BUDGET);
    assertThat(rig.rec.get(Counter.DMA_TRANSLATIONS)).isEqualTo(3);
    assertThat(rig.rec.get(Counter.IOTLB_MISSES)).as("20, 21, 22 walked; 22 again hits").isEqualTo(1 + 3);
    assertThat(rig.rec.get(Counter.DEVTLB_HITS)).isZero();
    // The fourth page (22 again) hits the device TLB; 23 was resolved by the group; 24 needs a new group.
    assertThat(p.run(Long.MAX_VALUE, 100)).isEqualTo(DmaPath.Stop.PAGE_REQUEST);
    assertThat(rig.rec.get(Counter.DEVTLB_HITS)).isEqualTo(1);
    assertThat(p.groupSize()).isEqualTo(2);
    assertThat(rig.rec.get(Counter.DMA_TRANSLATIONS)).isEqualTo(5);
  }

  @Test
  void aFailedPageRequestIsADmaFault() {
    AccessRig rig = new AccessRig(Mode.SHARED_IOPF);
    DmaPath p = path(rig, AccessRig.source(write(30)), true, false);
    assertThat(p.run(Long.MAX_VALUE, 10)).isEqualTo(DmaPath.Stop.PAGE_REQUEST);
    p.pageRequestFailed(30);
    assertThat(p.isStopped()).isTrue();
    assertThat(rig.rec.get(Counter.DMA_FAULTS)).isEqualTo(1);
  }

  @Test
  void aMappedPageCostsTheDevicesTransferTimeOrTheWalkWhicheverIsLonger() {
    AccessRig rig = new AccessRig(Mode.SHARED_IOPF);
    FaultResult r = new FaultResult();
    rig.vm.tdpFaults().handle(40, 3, r);
    DmaPath p = path(rig, AccessRig.source(write(40), write(40)), false, false);
    assertThat(p.run(Long.MAX_VALUE, 10)).isEqualTo(DmaPath.Stop.EXHAUSTED);
    // Walk 500 ns > 400 ns per page, then an IOTLB hit at 400 ns per page.
    assertThat(p.clockNs()).isEqualTo(500 + 400);
    assertThat(rig.rec.get(Counter.IOTLB_HITS)).isEqualTo(1);
  }
}
