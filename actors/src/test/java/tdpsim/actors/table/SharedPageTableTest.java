package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tdpsim.actors.table.Spte.ACC_EXEC;
import static tdpsim.actors.table.Spte.ACC_READ;
import static tdpsim.actors.table.Spte.ACC_WRITE;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Semantics of single operations on the shared table. */
@ExtendWith(TableInvariantsExtension.class)
class SharedPageTableTest {
  private static final int R = ACC_READ;
  private static final int RW = ACC_READ | ACC_WRITE;
  private static final long GIB = 1L << 18;
  private static final int CPU = 3;
  private static final int IOMMU_NO_1G = 2;

  private final SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults()));

  @Test
  void translateSetsAccessedOnReadAndDirtyOnWrite() {
    t.map(100, 1, 900, RW);
    assertThat(Spte.isAccessed(t.leafSpte(100))).isFalse();
    long r = t.translate(100, R, CPU);
    assertThat(Walk.toPfn(r)).isEqualTo(900);
    assertThat(Walk.toLevel(r)).isEqualTo(1);
    assertThat(Spte.isAccessed(t.leafSpte(100))).isTrue();
    assertThat(Spte.isDirty(t.leafSpte(100))).isFalse();
    t.translate(100, ACC_WRITE, CPU);
    assertThat(Spte.isDirty(t.leafSpte(100))).isTrue();
  }

  @Test
  void leafsByLevelCountsPresentLeavesOnlyPerLevel() {
    t.map(3 * GIB, 3, 5 * GIB, RW);
    t.map(GIB + 512, 2, 4 * GIB + 512, RW);
    t.map(10, 1, 100, RW);
    t.map(11, 1, 101, RW);
    t.map(12, 1, 102, RW);
    t.mapMmio(13);
    t.release(t.zap(12, 13).deferredFree());
    assertThat(TableInvariants.leafsByLevel(t)).containsExactly(0, 2, 1, 1, 0);
  }

  @Test
  void lookupHasNoSideEffects() {
    t.map(7, 1, 8, RW);
    assertThat(Walk.toPfn(t.lookup(7))).isEqualTo(8);
    assertThat(Spte.isAccessed(t.leafSpte(7))).isFalse();
    assertThat(t.lookup(6)).isEqualTo(Walk.NOT_PRESENT);
  }

  @Test
  void hugeLeafTranslatesEachPageToItsOffset() {
    assertThat(t.map(GIB + 1234, 2, 4 * GIB + 1234, RW)).isEqualTo(MapResult.INSTALLED);
    long r = t.translate(GIB + 1024 + 511, R, CPU);
    assertThat(Walk.toPfn(r)).isEqualTo(4 * GIB + 1024 + 511);
    assertThat(t.translate(GIB + 511, R, CPU)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(Walk.toLevel(r)).isEqualTo(2);
  }

  @Test
  void writeToWriteProtectedLeafIsPermissionFault() {
    t.map(5, 1, 50, RW);
    assertThat(t.writeProtect(0, 10)).isEqualTo(1);
    assertThat(t.translate(5, ACC_WRITE, CPU)).isEqualTo(Walk.PERMISSION);
    assertThat(t.translate(5, ACC_EXEC, CPU)).isEqualTo(Walk.PERMISSION);
    assertThat(Walk.isFault(t.translate(5, R, CPU))).isFalse();
    assertThat(Spte.isDirty(t.leafSpte(5))).isFalse();
    assertThat(t.writeProtect(0, 10)).isZero();
  }

  @Test
  void writeFaultOnWriteProtectedLeafUpgrades() {
    t.map(5, 1, 50, R);
    assertThat(t.map(5, 1, 50, RW)).isEqualTo(MapResult.UPGRADED);
    assertThat(Walk.toPfn(t.translate(5, ACC_WRITE, CPU))).isEqualTo(50);
    assertThat(t.map(5, 1, 50, R)).isEqualTo(MapResult.ALREADY_PRESENT);
  }

  @Test
  void smallFaultInsideHugeLeafWithSamePfnIsAlreadyPresent() {
    t.map(0, 2, 1024, R);
    assertThat(t.map(17, 1, 1024 + 17, R)).isEqualTo(MapResult.ALREADY_PRESENT);
    assertThat(t.map(17, 1, 1024 + 17, RW)).isEqualTo(MapResult.UPGRADED);
    assertThat(Spte.isWritable(t.leafSpte(0))).isTrue();
  }

  @Test
  void differentPfnOrTableUnderHugeRequestIsConflict() {
    t.map(5, 1, 50, RW);
    assertThat(t.map(5, 1, 51, RW)).isEqualTo(MapResult.CONFLICT);
    // a 2 MiB request over the L1 table holding gfn 5
    assertThat(t.map(0, 2, 1024, RW)).isEqualTo(MapResult.CONFLICT);
    assertThat(Walk.toPfn(t.lookup(5))).isEqualTo(50);
  }

  @Test
  void unalignedHugePfnIsRejected() {
    assertThatThrownBy(() -> t.map(0, 2, 5, RW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not aligned");
    assertThatThrownBy(() -> t.map(0, 1, 5, ACC_WRITE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("misconfiguration");
  }

  @Test
  void partialZapOfHugeLeafZapsItWholeAndSaysSo() {
    t.map(GIB, 2, 2 * GIB, RW);
    ZapResult z = t.zap(GIB + 10, GIB + 20);
    assertThat(z.leafsZapped(2)).isEqualTo(1);
    assertThat(z.pages4kUnmapped()).isEqualTo(512);
    assertThat(z.zappedBeyondRange()).isTrue();
    assertThat(z.flushNeeded()).isTrue();
    assertThat(z.flushStartGfn()).isEqualTo(GIB);
    assertThat(z.flushEndGfn()).isEqualTo(GIB + 512);
    assertThat(t.lookup(GIB + 300)).isEqualTo(Walk.NOT_PRESENT);
    t.release(z.deferredFree());
  }

  @Test
  void zapOfEmptyRangeNeedsNoFlush() {
    ZapResult z = t.zap(0, 1000);
    assertThat(z.flushNeeded()).isFalse();
    assertThat(z.totalLeafsZapped()).isZero();
    t.release(z.deferredFree());
  }

  @Test
  void releasingTwiceThrows() {
    t.map(0, 1, 1, RW);
    ZapResult z = t.zap(0, 512);
    assertThat(t.pendingFreePages()).isEqualTo(1);
    t.release(z.deferredFree());
    assertThatThrownBy(() -> t.release(z.deferredFree())).isInstanceOf(IllegalStateException.class);
    assertThat(t.pendingFreePages()).isZero();
  }

  @Test
  void mmioEntryFaultsWithMmioCode() {
    assertThat(t.mapMmio(0xfee00)).isEqualTo(MapResult.INSTALLED);
    assertThat(t.mapMmio(0xfee00)).isEqualTo(MapResult.ALREADY_PRESENT);
    assertThat(t.translate(0xfee00, R, CPU)).isEqualTo(Walk.MMIO);
    assertThat(t.translate(0xfee00, ACC_WRITE, IOMMU_NO_1G)).isEqualTo(Walk.MMIO);
    assertThat(Spte.toPfn(t.leafSpte(0xfee00))).isEqualTo(0xfee00);
    // RAM mapped over it (a memslot created there) replaces it
    assertThat(t.map(0xfee00, 1, 77, RW)).isEqualTo(MapResult.INSTALLED);
    assertThat(t.mapMmio(0xfee00)).isEqualTo(MapResult.CONFLICT);
    t.zap(0xfee00, 0xfee01);
    t.mapMmio(0xfee00);
    ZapResult z = t.zap(0xfee00, 0xfee01);
    assertThat(z.mmioZapped()).isEqualTo(1);
    assertThat(z.flushNeeded()).isFalse();
  }

  @Test
  void oneGibLeafIsTooLargeForIommuWithout1gPages() {
    t.map(0, 3, GIB, RW);
    assertThat(t.translate(5, R, IOMMU_NO_1G)).isEqualTo(Walk.LEAF_TOO_LARGE);
    assertThat(Walk.toPfn(t.translate(5, R, CPU))).isEqualTo(GIB + 5);
  }

  @Test
  void harvestDirtyMarksHugeLeafPagesAndClears() {
    t.map(0, 2, 1024, RW);
    t.map(600, 1, 5000, RW);
    t.map(601, 1, 5001, RW);
    t.translate(3, ACC_WRITE, CPU);
    t.translate(600, ACC_WRITE, CPU);
    t.translate(601, R, CPU);
    long[] bitmap = new long[10];
    HarvestResult h = t.harvest(0, 640, bitmap, true, Spte.DIRTY);
    assertThat(h.pagesMarked()).isEqualTo(513);
    assertThat(bitmap[0]).isEqualTo(-1L);
    assertThat(bitmap[7]).isEqualTo(-1L);
    assertThat(bitmap[9]).isEqualTo(1L << (600 - 576));
    // root entry 0, level-3 entry 0, level-2 entries 0 (the huge leaf) and 1, level-1 entries 0..127 (gfn 512..639)
    assertThat(h.entriesScanned()).isEqualTo(1 + 1 + 2 + 128);
    long[] again = new long[10];
    assertThat(t.harvestDirty(0, 640, again, false)).isZero();
    long[] accessed = new long[10];
    assertThat(t.harvestAccessed(0, 640, accessed, false)).isEqualTo(514);
  }

  @Test
  void harvestOfPartlyCoveredHugeLeafReportsButDoesNotClear() {
    t.map(0, 2, 1024, RW);
    t.translate(3, ACC_WRITE, CPU);
    long[] bitmap = new long[1];
    assertThat(t.harvestDirty(64, 128, bitmap, true)).isEqualTo(64);
    assertThat(bitmap[0]).isEqualTo(-1L);
    assertThat(Spte.isDirty(t.leafSpte(0))).isTrue();
  }

  @Test
  void splitKeepsPfnsPermsAndDirtyBits() {
    t.map(GIB, 3, 3 * GIB, R | ACC_EXEC);
    t.translate(GIB + 7, R, CPU);
    SplitResult s = t.splitHugePage(GIB + 9, 3);
    assertThat(s.split()).isTrue();
    assertThat(s.childLevel()).isEqualTo(2);
    assertThat(t.pagesByLevel()[2]).isEqualTo(1);
    long r = t.lookup(GIB + 512 * 7 + 3);
    assertThat(Walk.toLevel(r)).isEqualTo(2);
    assertThat(Walk.toPfn(r)).isEqualTo(3 * GIB + 512 * 7 + 3);
    assertThat(Spte.isAccessed(t.leafSpte(GIB + 512 * 300))).isTrue();
    assertThat(Spte.perms(t.leafSpte(GIB + 512 * 300))).isEqualTo(R | ACC_EXEC);
    assertThat(t.splitHugePage(GIB + 9, 2).split()).isTrue();
    assertThat(Walk.toLevel(t.lookup(GIB + 9))).isEqualTo(1);
    assertThat(t.splitHugePage(GIB + 9, 2).split()).isFalse();
  }

  @Test
  void collapseOfContiguousLeavesMergesDirtyAndDefersTheTable() {
    for (long g = 0; g < 512; g++) {
      t.map(g, 1, 4096 + g, RW);
    }
    t.translate(77, ACC_WRITE, CPU);
    CollapseResult c = t.collapse(5, 2, -1, RW);
    assertThat(c.collapsed()).isTrue();
    assertThat(c.leafsReplaced()).isEqualTo(512);
    assertThat(c.tablePagesUnlinked()).isEqualTo(1);
    assertThat(t.pendingFreePages()).isEqualTo(1);
    assertThat(Walk.toLevel(t.lookup(300))).isEqualTo(2);
    assertThat(Walk.toPfn(t.lookup(300))).isEqualTo(4096 + 300);
    assertThat(Spte.isDirty(t.leafSpte(0))).isTrue();
    t.release(c.deferredFree());
  }

  @Test
  void collapseRefusesHolesAndMisalignmentAndLeavesTableAlone() {
    for (long g = 0; g < 511; g++) {
      t.map(g, 1, 4096 + g, RW);
    }
    assertThat(t.collapse(0, 2, -1, RW).status()).isEqualTo(CollapseResult.NOT_CONTIGUOUS);
    t.map(511, 1, 9999, RW);
    assertThat(t.collapse(0, 2, -1, RW).status()).isEqualTo(CollapseResult.NOT_CONTIGUOUS);
    assertThat(t.collapse(GIB, 2, -1, RW).status()).isEqualTo(CollapseResult.NO_TABLE);
    assertThat(Walk.toLevel(t.lookup(3))).isEqualTo(1);
    // with a new pfn the content below does not matter
    CollapseResult c = t.collapse(0, 2, 8192, RW);
    assertThat(c.collapsed()).isTrue();
    assertThat(Walk.toPfn(t.lookup(511))).isEqualTo(8192 + 511);
    t.release(c.deferredFree());
  }

  @Test
  void collapseAboveMaxLeafLevelIsRefused() {
    SharedPageTable iommu =
        TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults().withMaxLeafLevel(2)));
    iommu.map(0, 2, 512, RW);
    assertThat(iommu.collapse(0, 3, GIB, RW).status()).isEqualTo(CollapseResult.LEVEL_NOT_ALLOWED);
  }

  @Test
  void tablesSharingOnePoolCountSeparately() {
    PagePool pool = new PagePool();
    SharedPageTable a = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults(), pool));
    SharedPageTable b = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults(), pool));
    a.map(0, 1, 1, RW);
    assertThat(a.pages()).isEqualTo(4);
    assertThat(b.pages()).isEqualTo(1);
    ZapResult z = a.zap(0, 1);
    assertThatThrownBy(() -> b.release(z.deferredFree())).isInstanceOf(IllegalArgumentException.class);
    a.release(z.deferredFree());
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new TableSettings(3, 2, 64, 9)).hasMessageContaining("levels must be 4 or 5");
    assertThatThrownBy(() -> new TableSettings(4, 4, 64, 9)).hasMessageContaining("maxLeafLevel");
    assertThatThrownBy(() -> new TableSettings(4, 3, 48, 9)).hasMessageContaining("power of two");
    assertThatThrownBy(() -> new TableSettings(4, 3, 64, -1)).hasMessageContaining("stripeShift");
    assertThat(PageLevel.of(3).pages4k()).isEqualTo(GIB);
    assertThat(PageLevel.L2.gfnShift()).isEqualTo(9);
  }

  @Test
  void leafOnlyZapClearsTheLeavesOfAWholeTwoMibBlockAndKeepsItsTablePage() {
    for (long g = 0; g < 512; g++) {
      t.map(g, 1, 1000 * 512 + g, RW);
    }
    // root + L3 + L2 + one L1 table = 4 pages.
    assertThat(t.pages()).isEqualTo(4);
    ZapResult z = t.zapLeafs(0, 512);
    assertThat(z.leafsZapped(1)).isEqualTo(512);
    assertThat(z.tablePagesUnlinked()).isZero();
    assertThat(z.flushNeeded()).isTrue();
    assertThat(t.pages()).isEqualTo(4);
    assertThat(t.lookup(7)).isEqualTo(Walk.NOT_PRESENT);
    t.release(z.deferredFree());
    // The full zap of the same block (memslot, zap-all, NX recovery) unlinks the emptied L1 table.
    ZapResult full = t.zap(0, 512);
    assertThat(full.tablePagesUnlinked()).isEqualTo(1);
    t.release(full.deferredFree());
    assertThat(t.pages()).isEqualTo(3);
  }

  /**
   * A map whose guard has passed installs after a caller that began an invalidation and then waited for the maps
   * in flight; {@code waitForMaps} returns only once that install is done, so the caller's pass sees the leaf.
   * The guard here blocks between its check and the install; with a {@code waitForMaps} that does not wait, the
   * caller returns while the leaf is still missing.
   */
  @Test
  void waitForMapsReturnsOnlyAfterTheMapsInFlightInstalled() throws Exception {
    CountDownLatch guardPassed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MapGuard blocking = (base, pages, token) -> {
      guardPassed.countDown();
      try {
        return release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
    CompletableFuture<MapResult> map = CompletableFuture.supplyAsync(() -> t.map(100, 1, 900, RW, blocking, 0));
    assertThat(guardPassed.await(60, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
      t.waitForMaps(0, 512);
      return t.leafSpte(100);
    });
    Thread.sleep(200);
    assertThat(waited).as("waitForMaps returned while a map was in flight").isNotDone();
    release.countDown();
    assertThat(map.get(60, TimeUnit.SECONDS)).isEqualTo(MapResult.INSTALLED);
    assertThat(Spte.isShadowPresent(waited.get(60, TimeUnit.SECONDS))).as("the leaf, seen after the wait").isTrue();
    t.waitForMaps(1024, 2048);
  }
}
