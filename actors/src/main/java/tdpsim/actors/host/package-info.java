/** The host memory manager actor: the MMU-notifier source (reclaim, migration, compaction, THP, KSM). */
package tdpsim.actors.host;
