/* The small machine of xen_machine.h, and xen-core's services around it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xen-core/flushtlb.h>
#include <xen-core/hypercall.h>
#include <xen-core/pv.h>
#include "xen_machine.h"

struct page_info *frame_table;
unsigned long max_page = FRAMES;
pte_t boot_l4[PT_ENTRIES];
struct domain *d1, *d2;
unsigned long frames_freed;
uint64_t flushed_since = ~0ULL;
unsigned int preempt_every, preempt_checks;
static uint64_t tlb_clock;

struct domain *domain_by_id(domid_t id)
{
	return id == 1 ? d1 : id == 2 ? d2 : NULL;
}

void free_pages(struct page_info *pg, unsigned int order)
{
	(void)pg;
	frames_freed += 1UL << order;
}

uint64_t tlb_clock_tick(void)
{
	return ++tlb_clock;
}

void flush_tlbs_since(uint64_t stamp)
{
	flushed_since = stamp;
}

bool hypercall_preempt_check(void)
{
	preempt_checks++;
	return preempt_every && preempt_checks % preempt_every == 0;
}

bool validate_descriptor_page(unsigned long mfn)
{
	(void)mfn;
	return true;
}

void dprintk(enum log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

void do_panic(const char *file, int line, const char *fmt, ...)
{
	fprintf(stderr, "xen-core panic at %s:%d: %s\n", file, line, fmt);
	abort();
}

pte_t *table(unsigned long mfn)
{
	return mfn_to_virt(mfn);
}

pte_t entry_for(unsigned long mfn, pte_t flags)
{
	return (mfn << PAGE_SHIFT) | flags;
}

struct page_info *page(unsigned long mfn)
{
	return mfn_to_page(mfn);
}

void fresh_machine(void)
{
	static struct page_info pages[FRAMES];
	unsigned long mfn;

	memset(pages, 0, sizeof(pages));
	memset(mfn_to_virt(0), 0, FRAMES * PAGE_SIZE);
	frame_table = pages;
	for (mfn = 0; mfn < FRAMES; mfn++) {
		pages[mfn].count = 1;
		pages[mfn].owner = mfn < GUEST_FRAMES ? 1 :
				   mfn < 2 * GUEST_FRAMES ? 2 : DOMID_XEN_OWNER;
	}
	pages[IO_FRAME].owner = DOMID_IO_OWNER;
	frames_freed = 0;
	flushed_since = ~0ULL;
	preempt_every = preempt_checks = 0;
}

/* The direct map xen-core's code reads frames through, here. */
static void map_machine(void)
{
	void *want = (void *)DIRECTMAP_VIRT_START;
	void *got = mmap(want, FRAMES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);

	if (got != want) {
		perror("mapping the test machine's frames");
		exit(2);
	}
}

void machine_init(void)
{
	map_machine();
	d1 = calloc(1, sizeof(*d1));
	d2 = calloc(1, sizeof(*d2));
	d1->domain_id = 1;
	d2->domain_id = 2;
}
