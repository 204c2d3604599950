/** The TDP MMU actor (device faults, the zap and invalidation path) and the zap planner per design. */
package tdpsim.actors.mmu;
