package tdpsim.main;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of docs/cost-model.md (key, default, distribution, source or assumption, what it affects),
 * rendered from the merged reference.conf so that the docs cannot drift from the defaults: first every cost key,
 * then every other key under tdpsim with its source ({@link ConfigSources}) and the first sentence of its comment
 * as what it sets. CostTableDocTest
 * compares it with the file (run it with {@code -Dtdpsim.updateDocs=true} to rewrite the table).
 */
public final class CostTable {
  /** Where each key is charged: the operations and latency kinds it moves. */
  static final Map<String, String> AFFECTS = new LinkedHashMap<>();

  static {
    AFFECTS.put("tlb-hit", "every vCPU access and DMA page that hits a TLB; `dma`");
    AFFECTS.put("tdp-walk", "vCPU TLB miss, and again after a fault; `vcpuFault` indirectly, run length");
    AFFECTS.put("vm-exit", "every EPT violation and PML-full exit; `vcpuFault`");
    AFFECTS.put("tdp-fault", "every TDP fault (vCPU, and device faults on a shared table); `vcpuFault`, "
        + "`devicePageRequest`");
    AFFECTS.put("page-alloc-4k", "faults that allocate 4 KiB host pages; `vcpuFault`, `devicePageRequest`");
    AFFECTS.put("page-alloc-2m", "faults that allocate 2 MiB host pages; `vcpuFault`, `devicePageRequest`");
    AFFECTS.put("page-alloc-1g", "faults that allocate 1 GiB host pages; `vcpuFault`");
    AFFECTS.put("remote-tlb-flush", "every zap's TLB flush, migration flushes; `tlbFlush`, `invalidation`");
    AFFECTS.put("remote-tlb-flush-per-vcpu", "as remote-tlb-flush, per extra vCPU");
    AFFECTS.put("iotlb-invalidate-psi", "service time of a page-selective invalidation in the unit's queue; "
        + "`iotlbInvalidation`, `iommuQiWait`, `invalidation`; dirty-log splits on a shared table");
    AFFECTS.put("iotlb-invalidate-dsi", "as psi, for ranges above psi-max-pages");
    AFFECTS.put("devtlb-invalidate", "ATS invalidation per device; `invalidation`");
    AFFECTS.put("iommu-walk", "DMA page on an IOTLB miss; `dma`");
    AFFECTS.put("pri-request", "device to PRQ leg of a page request; `devicePageRequest`");
    AFFECTS.put("pri-response", "page response leg; `devicePageRequest`");
    AFFECTS.put("drain", "the drain of page requests at an IOMMU root switch; `drain`, `invalidation`");
    AFFECTS.put("pin-map-4k", "VM start of `separate` (VFIO pin + map per page); `vmStartNs`");
    AFFECTS.put("prefault-4k", "VM start of `shared-prepopulated`, prefault ranges; `vmStartNs`");
    AFFECTS.put("harvest-per-entry", "dirty harvest of the IOMMU's own table, per entry scanned; migration");
    AFFECTS.put("dirty-log-clear-per-page", "KVM's dirty-log clear per page, under mmu_lock for write; migration "
        + "`harvestNs`, rounds, downtime, `mmuLockWait`");
    AFFECTS.put("mmu-notifier", "every host event's zap; `invalidation`");
    AFFECTS.put("zap-per-leaf", "every zap, per leaf cleared; `invalidation`");
    AFFECTS.put("split", "huge-leaf splits (dirty logging, THP split); `vcpuFault`, migration");
    AFFECTS.put("invept", "every running vCPU of a remote TLB flush, with a VM exit; `tlbFlush`, `invalidation`");
    AFFECTS.put("pasid-entry-update", "IOMMU root switch after a zap-all of a shared table; `invalidation`");
    AFFECTS.put("prq-irq", "service of the page-request IRQ thread per request; `prqIrqWait`, `devicePageRequest`");
    AFFECTS.put("prq-work", "service of a workqueue worker per request; `prqWorkqueueWait`, `devicePageRequest`");
    AFFECTS.put("host.zeroing-bandwidth", "host allocations queue for it (`zeroingWait`); 1 GiB faults of many "
        + "vCPUs at once; `vcpuFault`");
    AFFECTS.put("iommu.prq-workers", "workers of each unit's page-request workqueue; `prqWorkqueueWait`");
  }

  private CostTable() {}

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** The markdown table for the reference defaults. */
  public static String render() {
    return render(ConfigFactory.defaultReference());
  }

  static String render(Config reference) {
    Config cost = reference.getConfig("tdpsim.cost");
    StringBuilder sb = new StringBuilder();
    sb.append("| key | default | distribution | source | affects |\n");
    sb.append("|---|---|---|---|---|\n");
    for (String key : CostSettings.keys()) {
      String dist = CostSettings.describe(reference, key);
      String def;
      if (key.equals(CostSettings.PRQ_WORKERS) || key.equals(CostSettings.ZEROING_BANDWIDTH)) {
        def = dist;
        dist = "constant";
      } else {
        def = tdpsim.actors.cost.dist.CostDistribution.formatNs(CostSettings.from(reference, "reference.conf")
            .detail().of(tdpsim.actors.cost.CostKey.valueOf(key.toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_'))).medianNs());
        dist = dist.equals(def) ? "constant" : dist;
      }
      String source = CostSettings.source(cost, key);
      sb.append("| `").append(key).append("` | ").append(def).append(" | ").append(dist).append(" | ")
          .append(source.isEmpty() ? "**missing**" : source.replace("|", "\\|")).append(" | ")
          .append(AFFECTS.getOrDefault(key, "")).append(" |\n");
    }
    for (ConfigSources.Entry e : ConfigSources.entries(ConfigSources.reference())) {
      if (e.isCost()) {
        continue;
      }
      sb.append("| `tdpsim.").append(e.path()).append("` | ").append(cell(e.defaultText())).append(" | - | ")
          .append(e.source().isEmpty() ? "**missing**" : cell(e.source())).append(" | ").append(cell(e.summary()))
          .append(" |\n");
    }
    return sb.toString();
  }
}
