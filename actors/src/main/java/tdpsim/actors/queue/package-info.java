/**
 * Queues in virtual time: a single FIFO server (an IOMMU unit's invalidation queue, the page-request IRQ thread),
 * a FIFO with several servers (the page-request workqueue) and a FIFO shared by threads (the host's memory
 * zeroing bandwidth). Each answers, for a job arriving at virtual time t with service time s, when it starts and
 * completes, and keeps the busy time for utilisation. Jobs are served in the order they are submitted; inside one
 * engine window that order can differ from virtual-time order (docs/cost-model.md). Plain Java, no Pekko.
 */
package tdpsim.actors.queue;
