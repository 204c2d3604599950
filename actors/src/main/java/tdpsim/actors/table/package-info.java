/**
 * The shared page table: one x86-format radix table (KVM's TDP table) that the TDP MMU writes and that vCPU
 * and IOMMU walkers read, plus its page pool, lock stripes and self-checks. Plain concurrent Java: nothing
 * here may import Pekko.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Pages.</b> Table pages are {@code long[512]} from a {@link tdpsim.actors.table.PagePool}; a
 *       non-leaf entry holds the child's frame number, never a reference, so footprint is counted exactly.
 *   <li><b>Striping.</b> KVM's {@code mmu_lock} becomes {@link tdpsim.actors.table.LockStripes}: gfn granules
 *       of {@code 2^stripeShift} pages hash onto stripes. Faults, splits, write-protect and harvests hold
 *       their range's stripes shared and change entries only with CAS; zap and collapse hold them exclusive.
 *       Stripes are always taken in ascending order. Walkers take no lock.
 *   <li><b>Why exclusive zaps are enough.</b> A table page is unlinked only if its whole range lies inside
 *       the zap range, so the zap holds every stripe a fault below that page would need; no fault can be
 *       descending through a page being unlinked. Frees race only with lock-free walkers, hence:
 *   <li><b>Deferred free.</b> Unlinked pages go to a {@link tdpsim.actors.table.DeferredFree} and return to
 *       the pool only on {@code release}, which the caller issues after the TLB/IOTLB invalidation and drain
 *       complete, i.e. after every walker that might be inside has finished (an RCU grace period). A page is
 *       zeroed on reuse, not on free, so a late walker reads stale-but-consistent entries.
 *   <li><b>Frozen entries.</b> Collapse freezes the old leaves (an atomic swap to {@code Spte.FROZEN_SPTE})
 *       before publishing the huge leaf, capturing their final A/D bits; walkers that meet a frozen entry
 *       report {@code Walk.FROZEN} and retry, shared-stripe writers spin. Frozen entries exist only under an
 *       exclusive stripe and never at rest. Split needs no freezing: it builds the child fully and publishes
 *       it with one CAS, which fails (and is redone) if a walker set A/D on the old leaf meanwhile.
 *   <li><b>Map hints.</b> A 4 KiB fault may skip the descent using a per-stripe hint naming the level-1
 *       page of a 2 MiB block, if a table-wide unlink sequence number has not moved since the hint was
 *       taken. Unlinking that page needs the fault's stripe exclusive, and zap/collapse bump the number
 *       before releasing it, so a hint read under the shared stripe with a current number is never stale.
 *   <li><b>One range walker.</b> Every walk over a gfn range (zap, write-protect, harvest, the freeze of a
 *       collapse, the self-check) is a loop over {@link tdpsim.actors.table.TdpIterator}, KVM's {@code tdp_iter}:
 *       pre-order, stepping down into the table the loop body last saw, so a body that removes a table skips it
 *       and one that takes it (an atomic swap) walks the detached subtree (the freeze of a collapse). A zap
 *       empties the subtree it unlinks with a plain loop over each detached page instead, as KVM's
 *       {@code handle_removed_pt} does. The hardware walks are a plain descent.
 *   <li><b>Invariants</b> ({@link tdpsim.actors.table.TableInvariants}): counters equal reachable pages per
 *       level; no leaf above {@code maxLeafLevel} or level 3; no frozen entry at rest; every pointer names a
 *       live frame, reachable once.
 *   <li><b>Not done, on purpose:</b> no A bits on non-leaf entries, no memory types, no walk caches; the
 *       table never frees the root.
 * </ul>
 */
package tdpsim.actors.table;
