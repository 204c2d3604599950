/** Scenario configs turned into validated settings and workloads. Sees protocol only, never actors. */
package tdpsim.loadgen;
