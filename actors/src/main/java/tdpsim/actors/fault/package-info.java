/**
 * The fault path shared by vCPU faults and device page requests, and whole-table population (VFIO pin+map,
 * pre-fault). Plain Java on the shared table; no Pekko.
 */
package tdpsim.actors.fault;
