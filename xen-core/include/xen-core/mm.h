/*
 * Machine frames: one struct page_info per frame (owner, type, counts),
 * a buddy allocator for free frames, the boot-time allocator that runs
 * before the frame table exists, and the machine-to-phys table.
 */
#ifndef XEN_CORE_MM_H
#define XEN_CORE_MM_H

#include <xen-core/layout.h>
#include <xen-core/lib.h>
#include <xen-core/list.h>
#include <xen-core/multiboot2.h>

typedef uint16_t domid_t;
#define DOMID_NONE	0x7ff0	/* Xen's DOMID_FIRST_RESERVED: free frame */
#define DOMID_XEN_OWNER	0x7ff2	/* DOMID_XEN: hypervisor's own frames */
#define DOMID_IO_OWNER	0x7ff1	/* DOMID_IO: not RAM (MMIO, firmware) */
/* A destroyed domain's frame still referenced (e.g. mapped by dom0):
 * freed when the last reference goes. */
#define DOMID_ORPHAN	0x7ff4

/* Page types: a frame has exactly one while its type count is non-zero. */
enum page_type {
	PGT_none,
	PGT_writable,
	PGT_l1,
	PGT_l2,
	PGT_l3,
	PGT_l4,
	PGT_seg_desc,
};

#define PGF_pinned	0x01	/* guest pinned it as a page table */
#define PGF_validated	0x02	/* contents checked for the current type */
#define PGF_xen_shared	0x04	/* xen-core's frame shared with its owner */
#define PGF_given_back	0x08	/* ... which the owner gave back */
#define PGF_partial	0x10	/* a table validated part way (pv/page_type.c) */
#define PGF_scrubbed	0x40	/* free, and zeroed since it was freed */

struct page_info {
	struct list_head list;	/* free list, or the owner's page list */
	uint32_t count;		/* general references; owner's allocation is 1 */
	uint32_t type_count;	/* references that rely on the type */
	uint8_t type;		/* enum page_type */
	uint8_t flags;		/* PGF_* */
	uint8_t order;		/* buddy order while free */
	uint8_t pad;
	domid_t owner;
	uint16_t nr_validated;	/* entries of a partial table validated */
	uint64_t tlbflush_stamp;	/* last loss of a type, or free (flushtlb.h) */
};

static inline bool is_page_table_type(enum page_type t)
{
	return t >= PGT_l1 && t <= PGT_l4;
}

/* A frame in use as a page table now, its entries all validated. */
static inline bool is_live_page_table(const struct page_info *pg)
{
	return pg->type_count && is_page_table_type(pg->type) &&
	       (pg->flags & PGF_validated);
}

extern struct page_info *frame_table;
extern unsigned long max_page;		/* one past the highest RAM frame */
extern unsigned long total_pages;	/* RAM frames */
extern uint64_t *machine_to_phys;	/* writable view of the M2P */

#define INVALID_M2P_ENTRY	(~0UL)

static inline struct page_info *mfn_to_page(unsigned long mfn)
{
	return &frame_table[mfn];
}

static inline unsigned long page_to_mfn(const struct page_info *pg)
{
	return (unsigned long)(pg - frame_table);
}

static inline void *mfn_to_virt(unsigned long mfn)
{
	return __va(mfn << PAGE_SHIFT);
}

static inline unsigned long virt_to_mfn(const void *va)
{
	return __pa(va) >> PAGE_SHIFT;
}

static inline bool mfn_valid(unsigned long mfn)
{
	return mfn < max_page;
}

/* Boot: before and while the frame table is built. */
void mm_early_init(const struct boot_info *bi, uint64_t xen_start,
		   uint64_t xen_end);
void *boot_alloc_pages(unsigned long nr, unsigned long align_pages);

/* Runtime allocator: 2^order contiguous frames, zeroed. */
struct page_info *alloc_pages(unsigned int order, domid_t owner);
/* The same, keeping whatever the frames held (only for the control
 * domain at boot, which may read all memory anyway). */
struct page_info *alloc_pages_unscrubbed(unsigned int order, domid_t owner);
void free_pages(struct page_info *pg, unsigned int order);
void *alloc_xen_pages(unsigned int order);	/* zeroed, owned by Xen */
void free_xen_pages(void *va, unsigned int order);

/* The smallest order of pages that holds @bytes. */
static inline unsigned int order_for_bytes(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}
unsigned long free_page_count(void);
/*
 * Zeroes a batch of free frames ahead of their allocation (an idle
 * CPU's work); false when there was nothing it could zero.
 */
bool scrub_free_pages(void);
void show_memory(void);

/* Frames of boot modules, kept until the control domain is built. */
void release_boot_range(uint64_t start, uint64_t end);

#endif
