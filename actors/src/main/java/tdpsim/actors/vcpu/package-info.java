/** The vCPU actor: batched accesses through its TLB and the TDP walk; faults in vCPU context. */
package tdpsim.actors.vcpu;
