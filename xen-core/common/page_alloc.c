/*
 * Frame allocation.
 *
 * At boot, boot_alloc_pages() carves the frame table and the M2P out of
 * RAM below 4 GiB (already direct-mapped by head.S) while steering clear
 * of xen-core's image, GRUB's information and the boot modules.  Then
 * every RAM frame not reserved goes to a binary buddy allocator.
 *
 * Freed frames are dirty: they wait on a queue outside the heap until an
 * idle CPU zeroes them (scrub_free_pages) and gives them to the heap, so
 * the heap holds zeroed frames (PGF_scrubbed) and a guest built right
 * after another was destroyed is not built out of its dirty memory.  All
 * RAM starts on that queue.  An allocation the heap cannot serve takes
 * dirty blocks as they are; alloc_pages zeroes whatever it hands out
 * that is not zeroed yet.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/mm.h>
#include <xen-core/console.h>
#include <xen-core/spinlock.h>
#include <xen-core/pagetable.h>
#include <xen-core/buddy.h>

#define MAX_RESERVED	(MAX_MODULES + 16)
#define BOOT_MAPPED_END	(4ULL << 30)	/* head.S maps this much */

struct page_info *frame_table;
unsigned long max_page;
unsigned long total_pages;
uint64_t *machine_to_phys;

static struct buddy_heap heap;
static spinlock_t heap_lock = SPIN_LOCK_UNLOCKED;
/* Under heap_lock: freed blocks not zeroed yet (head frames, by order). */
static struct list_head dirty_blocks = LIST_HEAD_INIT(dirty_blocks);
static unsigned long dirty_pages;	/* on dirty_blocks */
static unsigned long scrubbing_pages;	/* taken off it to be zeroed */

static struct mem_range ram[MAX_MEM_RANGES];
static unsigned int nr_ram;
static struct mem_range reserved[MAX_RESERVED];
static unsigned int nr_reserved;

static void reserve(uint64_t start, uint64_t end)
{
	BUG_ON(nr_reserved == MAX_RESERVED);
	reserved[nr_reserved].start = start & ~(PAGE_SIZE - 1);
	reserved[nr_reserved].end = ROUNDUP(end, PAGE_SIZE);
	nr_reserved++;
}

static const struct mem_range *overlapping_reservation(uint64_t s, uint64_t e)
{
	unsigned int i;

	for (i = 0; i < nr_reserved; i++)
		if (s < reserved[i].end && reserved[i].start < e)
			return &reserved[i];
	return NULL;
}

/* Top-down first fit in direct-mapped RAM, avoiding every reservation. */
void *boot_alloc_pages(unsigned long nr, unsigned long align_pages)
{
	uint64_t size = (uint64_t)nr << PAGE_SHIFT;
	uint64_t align = (uint64_t)align_pages << PAGE_SHIFT;
	int i;

	for (i = (int)nr_ram - 1; i >= 0; i--) {
		uint64_t end = MIN(ram[i].end, BOOT_MAPPED_END), addr;
		const struct mem_range *r;

		if (end < ram[i].start + size)
			continue;
		addr = (end - size) & ~(align - 1);
		while (addr >= ram[i].start &&
		       (r = overlapping_reservation(addr, addr + size))) {
			if (r->start < size)
				break;
			addr = (r->start - size) & ~(align - 1);
		}
		if (addr >= ram[i].start && addr + size <= end &&
		    !overlapping_reservation(addr, addr + size)) {
			reserve(addr, addr + size);
			memset(__va(addr), 0, size);
			return __va(addr);
		}
	}
	panic("out of boot memory allocating %lu pages", nr);
}

/* Frees the part of RAM range [s, e) that no reservation covers. */
static void free_unreserved(uint64_t s, uint64_t e)
{
	const struct mem_range *r;

	while (s < e) {
		r = overlapping_reservation(s, e);
		if (!r) {
			buddy_free_range(&heap, s >> PAGE_SHIFT, e >> PAGE_SHIFT);
			return;
		}
		if (r->start > s)
			free_unreserved(s, r->start);
		s = r->end;
	}
}

static void init_frame_table(void)
{
	unsigned long mfn;
	unsigned int i;

	/* The table came zeroed; list links matter only inside a list. */
	for (mfn = 0; mfn < max_page; mfn++)
		frame_table[mfn].owner = DOMID_IO_OWNER;
	for (i = 0; i < nr_ram; i++) {
		for (mfn = ram[i].start >> PAGE_SHIFT;
		     mfn < ram[i].end >> PAGE_SHIFT; mfn++) {
			frame_table[mfn].owner = DOMID_XEN_OWNER;
			frame_table[mfn].count = 1;
		}
		total_pages += (ram[i].end - ram[i].start) >> PAGE_SHIFT;
	}
}

/* Under heap_lock: at the queue's end, or (@first) at its head. */
static void queue_dirty(struct page_info *pg, unsigned int order, bool first)
{
	pg->order = order;
	if (first)
		list_add(&pg->list, &dirty_blocks);
	else
		list_add_tail(&pg->list, &dirty_blocks);
	dirty_pages += 1UL << order;
}

/* At boot: every free frame is dirty (firmware, earlier boots). */
static void queue_heap_for_scrubbing(void)
{
	struct page_info *pg;
	int o;

	for (o = BUDDY_MAX_ORDER; o >= 0; o--)
		while ((pg = buddy_alloc(&heap, o)) != NULL)
			queue_dirty(pg, o, false);
}

/*
 * Under heap_lock: @pg heads a dirty block of @order; keep its first
 * 2^@want frames and queue the rest at the head, smallest first, so the
 * scrubber finishes one block before it cuts another into pieces.
 */
static void split_dirty(struct page_info *pg, unsigned int order,
			unsigned int want)
{
	while (order > want) {
		order--;
		queue_dirty(pg + (1UL << order), order, true);
	}
}

/*
 * Under heap_lock, when the heap has no block of @order: a dirty block
 * of at least that order, cut down to it; or, if the dirty blocks are
 * all smaller, all of them given to the heap to merge there.
 */
static struct page_info *take_dirty(unsigned int order)
{
	struct page_info *pg;

	list_for_each_entry(pg, &dirty_blocks, list) {
		if (pg->order < order)
			continue;
		list_del(&pg->list);
		dirty_pages -= 1UL << pg->order;
		split_dirty(pg, pg->order, order);
		return pg;
	}
	while (!list_empty(&dirty_blocks)) {
		pg = list_first_entry(&dirty_blocks, struct page_info, list);
		list_del(&pg->list);
		dirty_pages -= 1UL << pg->order;
		buddy_free(&heap, page_to_mfn(pg), pg->order);
	}
	return buddy_alloc(&heap, order);
}

void mm_early_init(const struct boot_info *bi, uint64_t xen_start,
		   uint64_t xen_end)
{
	unsigned long m2p_pages;
	unsigned int i;

	nr_ram = bi->nr_ram;
	memcpy(ram, bi->ram, sizeof(ram[0]) * nr_ram);
	for (i = 0; i < nr_ram; i++)
		max_page = MAX(max_page, ram[i].end >> PAGE_SHIFT);

	reserve(0, 1 << 20);		/* firmware, AP trampoline */
	reserve(xen_start, xen_end);
	reserve(bi->mbi_start, bi->mbi_end);
	for (i = 0; i < bi->nr_modules; i++)
		reserve(bi->modules[i].start, bi->modules[i].end);

	directmap_init(ram, nr_ram);
	frame_table = boot_alloc_pages(
		ROUNDUP(max_page * sizeof(struct page_info), PAGE_SIZE) >>
		PAGE_SHIFT, 1);
	m2p_pages = ROUNDUP(max_page * sizeof(uint64_t), L2_PAGE_SIZE) >>
		PAGE_SHIFT;
	machine_to_phys = boot_alloc_pages(m2p_pages, L2_PAGE_SIZE >> PAGE_SHIFT);
	memset(machine_to_phys, 0xff, m2p_pages << PAGE_SHIFT);
	map_ro_m2p(__pa(machine_to_phys), m2p_pages);

	init_frame_table();
	buddy_init(&heap, frame_table, max_page);
	for (i = 0; i < nr_ram; i++)
		free_unreserved(ram[i].start, ram[i].end);
	queue_heap_for_scrubbing();
	printk("Memory: %lu MiB RAM, %lu MiB free, highest frame %#lx\n",
	       total_pages >> 8, heap.nr_free >> 8, max_page);
}

void release_boot_range(uint64_t start, uint64_t end)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	buddy_free_range(&heap, start >> PAGE_SHIFT,
			 ROUNDUP(end, PAGE_SIZE) >> PAGE_SHIFT);
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* The block's frames keep PGF_scrubbed until the caller has looked. */
static struct page_info *take_block(unsigned int order, domid_t owner)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	struct page_info *pg = buddy_alloc(&heap, order);
	uint64_t newest_free = 0;
	unsigned int i;

	if (!pg)
		pg = take_dirty(order);
	for (i = 0; pg && i < (1U << order); i++) {
		pg[i].owner = owner;
		pg[i].count = 1;
		newest_free = MAX(newest_free, pg[i].tlbflush_stamp);
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	/* No TLB may keep a mapping of the block from its last owner. */
	if (newest_free)
		flush_tlbs_since(newest_free);
	return pg;
}

static struct page_info *alloc_block(unsigned int order, domid_t owner,
				     bool zeroed)
{
	struct page_info *pg = take_block(order, owner);
	unsigned int i;

	for (i = 0; pg && i < (1U << order); i++) {
		if (zeroed && !(pg[i].flags & PGF_scrubbed))
			memset(mfn_to_virt(page_to_mfn(pg + i)), 0, PAGE_SIZE);
		pg[i].flags &= ~PGF_scrubbed;
	}
	return pg;
}

struct page_info *alloc_pages(unsigned int order, domid_t owner)
{
	return alloc_block(order, owner, true);
}

struct page_info *alloc_pages_unscrubbed(unsigned int order, domid_t owner)
{
	return alloc_block(order, owner, false);
}

void free_pages(struct page_info *pg, unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	unsigned long mfn = page_to_mfn(pg);
	uint64_t now = tlb_clock_tick();
	unsigned int i;

	for (i = 0; i < (1U << order); i++) {
		machine_to_phys[mfn + i] = INVALID_M2P_ENTRY;
		pg[i].tlbflush_stamp = now;
	}
	buddy_reset_frames(&heap, mfn, 1UL << order);
	queue_dirty(pg, order, false);
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* 64 KiB at a time: what an idle CPU zeroes between interrupt windows. */
#define SCRUB_ORDER	4

static uint64_t newest_stamp(const struct page_info *pg, unsigned int order)
{
	uint64_t newest = 0;
	unsigned int i;

	for (i = 0; i < (1U << order); i++)
		newest = MAX(newest, pg[i].tlbflush_stamp);
	return newest;
}

/*
 * Zeroes the next dirty block, or its first 64 KiB, and gives it to the
 * heap.  A piece some CPU may still write through a stale TLB entry of
 * its last owner goes back to the end of the queue: zeroed now, it could
 * be written again before its next owner gets it.  (Only the piece's
 * frames are looked at: a boot block is a GiB, and this runs with
 * interrupts off.)
 */
bool scrub_free_pages(void)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	struct page_info *pg;
	unsigned int order, i;

	if (list_empty(&dirty_blocks)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return false;
	}
	pg = list_first_entry(&dirty_blocks, struct page_info, list);
	list_del(&pg->list);
	dirty_pages -= 1UL << pg->order;
	order = MIN(pg->order, SCRUB_ORDER);
	split_dirty(pg, pg->order, order);
	if (!tlbs_flushed_since(newest_stamp(pg, order))) {
		queue_dirty(pg, order, false);
		spin_unlock_irqrestore(&heap_lock, flags);
		return false;
	}
	scrubbing_pages += 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);

	memset(mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE << order);

	flags = spin_lock_irqsave(&heap_lock);
	for (i = 0; i < (1U << order); i++)
		pg[i].flags |= PGF_scrubbed;
	buddy_free(&heap, page_to_mfn(pg), order);
	scrubbing_pages -= 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);
	return true;
}

void *alloc_xen_pages(unsigned int order)
{
	struct page_info *pg = alloc_pages(order, DOMID_XEN_OWNER);

	return pg ? mfn_to_virt(page_to_mfn(pg)) : NULL;
}

void free_xen_pages(void *va, unsigned int order)
{
	free_pages(mfn_to_page(virt_to_mfn(va)), order);
}

/* Under heap_lock: the three counts move together as a block is scrubbed. */
static unsigned long free_frames(void)
{
	return heap.nr_free + dirty_pages + scrubbing_pages;
}

unsigned long free_page_count(void)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	unsigned long n = free_frames();

	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}

void show_memory(void)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	unsigned int o;

	printk("Physical memory: %lu pages, %lu free, %lu of them not zeroed "
	       "yet\n", total_pages, free_frames(),
	       dirty_pages + scrubbing_pages);
	for (o = 0; o <= BUDDY_MAX_ORDER; o++) {
		unsigned long n = buddy_free_blocks(&heap, o);

		if (n)
			printk("  order %2u: %lu free blocks\n", o, n);
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}
