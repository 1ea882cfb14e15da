/*
 * A small machine for host-side tests of xen-core's frame code: FRAMES
 * frames mapped where the test puts xen-core's direct map, owned by two
 * guests (d1, d2) and by xen-core, with one I/O frame; and what xen-core
 * would provide around the code under test.
 */
#ifndef TESTS_UNIT_XEN_MACHINE_H
#define TESTS_UNIT_XEN_MACHINE_H

#include <xen-core/pv_mm.h>

#define FRAMES		64
#define GUEST_FRAMES	24		/* d1: 0-23, d2: 24-47 */
#define XEN_FRAME	48
#define IO_FRAME	49
#define PTE_RW		(_PAGE_PRESENT | _PAGE_RW)
#define PTE_RO		_PAGE_PRESENT

extern struct domain *d1, *d2;
extern unsigned long frames_freed;
extern uint64_t flushed_since;	/* flush_tlbs_since()'s last stamp */
/* hypercall_preempt_check() says stop at every @preempt_every-th check
 * (0: never); preempt_checks counts the checks. */
extern unsigned int preempt_every, preempt_checks;

/* Maps the frames and creates d1 and d2; once, first. */
void machine_init(void);
/* Every frame allocated to its owner (count 1, no type), all zero. */
void fresh_machine(void);

pte_t *table(unsigned long mfn);
pte_t entry_for(unsigned long mfn, pte_t flags);
struct page_info *page(unsigned long mfn);

#endif
