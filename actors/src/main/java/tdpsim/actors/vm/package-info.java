/** The per-VM supervisor: spawns and registers a VM's vCPUs, TDP MMU and migration, and fails the VM as one. */
package tdpsim.actors.vm;
