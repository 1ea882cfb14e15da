/*
 * TLB flushes and the flush clock.
 *
 * A frame that loses the last reference to its type (its last writable
 * mapping, its last use as a page table), or goes back to the heap, is
 * stamped with a tick of the clock; each CPU notes the clock whenever it
 * flushes its TLB.  Before such a frame takes another type or is handed
 * out again, every CPU that has not flushed since the stamp is flushed
 * (Xen does the same on a type change), so no stale TLB entry lets a
 * guest write what it may no longer write, and no cached paging-structure
 * entry walks through a former page table the guest now writes.  Guests
 * never get global mappings, so every CR3 load is a flush of everything
 * they could have left behind.
 */
#ifndef XEN_CORE_FLUSHTLB_H
#define XEN_CORE_FLUSHTLB_H

#include <stdbool.h>
#include <stdint.h>

/* A new stamp, later than every flush so far. */
uint64_t tlb_clock_tick(void);
/* Loads @cr3 (flushing non-global entries) and notes the time. */
void load_cr3(unsigned long cr3);
void flush_tlb_local(void);
/* Whether every CPU has flushed since @stamp. */
bool tlbs_flushed_since(uint64_t stamp);
/* Flushes every CPU that has not flushed since @stamp. */
void flush_tlbs_since(uint64_t stamp);
void flush_tlb_all(void);

#endif
