/**
 * Dirty tracking state shared by the write paths of a migrating VM: KVM's dirty bitmap, the lost-write oracle
 * and the per-VM hooks that feed both. Plain concurrent Java: no Pekko, and no dependency on the actor packages
 * that use it (vCPU, device, fault handler, migration), so none of them depends on another through it.
 */
package tdpsim.actors.dirty;
