package tdpsim.loadgen.scenario;

import java.util.Objects;
import tdpsim.protocol.PageSize;

/**
 * IOMMU capabilities shared by every unit ({@code tdpsim.scenario.iommu}).
 *
 * @param maxLeaf largest leaf the IOMMU walker understands; a shared table must not hold larger ones
 * @param iotlbEntries IOTLB entries per unit
 * @param psiMaxPages page-selective invalidations above this many pages become domain-selective
 * @param priQueueDepth outstanding page requests per unit
 */
public record IommuSettings(PageSize maxLeaf, int iotlbEntries, int psiMaxPages, int priQueueDepth) {
  public IommuSettings {
    Objects.requireNonNull(maxLeaf, "maxLeaf");
    Checks.checkPositive(iotlbEntries, "iotlbEntries");
    Checks.checkPositive(psiMaxPages, "psiMaxPages");
    Checks.checkPositive(priQueueDepth, "priQueueDepth");
  }
}
