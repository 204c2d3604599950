package tdpsim.loadgen.scenario;

/**
 * The host's IOMMU count and the shape of the (shared or TDP) table ({@code tdpsim.scenario.host}).
 *
 * @param iommuUnits IOMMU units devices can sit behind, >= 1
 * @param tableLevels 4, or 5 with LA57
 * @param tableStripes lock stripes of the shared table, >= 1
 * @param tableStripeGranuleBytes guest-physical span per stripe, a power of two >= 4 KiB
 */
public record HostSettings(int iommuUnits, int tableLevels, int tableStripes, long tableStripeGranuleBytes) {
  public HostSettings {
    Checks.checkPositive(iommuUnits, "iommuUnits");
    Checks.check(tableLevels == 4 || tableLevels == 5, "tableLevels must be 4 or 5: " + tableLevels);
    Checks.checkPositive(tableStripes, "tableStripes");
    Checks.check(tableStripeGranuleBytes >= 4096 && Long.bitCount(tableStripeGranuleBytes) == 1,
        "tableStripeGranuleBytes must be a power of two >= 4096: " + tableStripeGranuleBytes);
  }
}
