/**
 * Clustered experiments: cluster members ({@code tdpsim node}) host work items as Pekko Cluster Sharding
 * entities; a submitting member assigns items, follows their progress and merges the results into the report
 * files a local run writes. Each item runs whole on one member through {@code WorkRunner}, so a simulation's
 * request/response pairs never leave that member; only {@code tdpsim.protocol.Experiment} messages cross nodes.
 * Nothing here is used by a local run. See docs/cluster.md.
 */
package tdpsim.main.cluster;
