/*
 * Guest GDTs and LDTs.  A PV guest hands xen-core up to 14 frames of
 * GDT descriptors (set_gdt), or the linear address of up to 8192 LDT
 * descriptors (mmuext_op SET_LDT); each frame becomes a "segment
 * descriptor" page: it can no longer be mapped writable, and every
 * descriptor in it was checked.  The descriptors are copied into the
 * running CPU's own GDT (below xen-core's reserved entries at 0xe000) or
 * its LDT buffer whenever the vCPU is loaded, and again when
 * update_descriptor changes one.
 *
 * Xen maps an LDT's pages when the guest first uses a selector in it;
 * xen-core takes them at SET_LDT, so an LDT whose pages are not mapped,
 * or mapped writable, is refused there (-EINVAL) rather than faulting
 * on first use.  Linux makes its LDT pages read-only before SET_LDT.
 *
 * Descriptor rules (Xen's, for 64-bit PV): not-present descriptors are
 * harmless; code and data segments are fine once their DPL is raised to
 * 3 (guest kernels run in ring 3); a zero-type system descriptor (the
 * upper half of a 16-byte one) is harmless; everything else is refused.
 */
#include <xen-core/pv.h>
#include <xen-core/cpu.h>
#include <xen-core/guest_access.h>
#include <xen-core/hypercall.h>
#include <xen-core/pv_mm.h>

#define DESC_P		(1ULL << 47)
#define DESC_S		(1ULL << 44)
#define DESC_DPL_SHIFT	45
#define DESC_TYPE_MASK	(0xfULL << 40)
#define DESCS_PER_PAGE	(PAGE_SIZE / 8)
#define DESC_TYPE_LDT	(0x82ULL << 40)		/* present, type 2 */

/* Each CPU's copy of the LDT it has loaded (LDT_MAX_ENTS entries). */
static uint64_t *cpu_ldt[NR_CPUS];
static unsigned int cpu_ldt_ents[NR_CPUS];

/* Returns false for a descriptor a guest may not have; fixes the DPL. */
bool check_descriptor(uint64_t *desc)
{
	uint64_t d = *desc;

	if (!(d & DESC_P))
		return true;
	if (d & DESC_S) {
		*desc = d | (3ULL << DESC_DPL_SHIFT);
		return true;
	}
	return (d & DESC_TYPE_MASK) == 0;
}

bool validate_descriptor_page(unsigned long mfn)
{
	uint64_t *descs = mfn_to_virt(mfn);
	unsigned int i;

	for (i = 0; i < DESCS_PER_PAGE; i++)
		if (!check_descriptor(&descs[i]))
			return false;
	return true;
}

unsigned int desc_table_frames(unsigned int ents)
{
	return ROUNDUP(ents, DESCS_PER_PAGE) / DESCS_PER_PAGE;
}

static uint64_t descriptor(const unsigned long *frames, unsigned int i)
{
	return ((uint64_t *)mfn_to_virt(frames[i / DESCS_PER_PAGE]))
		[i % DESCS_PER_PAGE];
}

/* Copies the vCPU's descriptors into this CPU's GDT, clearing leftovers. */
void load_guest_gdt(struct vcpu *v)
{
	static unsigned int loaded_ents[NR_CPUS];
	unsigned int cpu = smp_processor_id(), i;
	uint64_t *gdt = cpu_gdt(cpu);

	for (i = 0; i < v->gdt_ents; i++)
		gdt[i] = descriptor(v->gdt_frames, i);
	if (loaded_ents[cpu] > v->gdt_ents)
		memset(&gdt[v->gdt_ents], 0,
		       (loaded_ents[cpu] - v->gdt_ents) * sizeof(*gdt));
	loaded_ents[cpu] = v->gdt_ents;
}

static void drop_desc_frames(const unsigned long *frames, unsigned int nr)
{
	while (nr-- > 0)
		put_page_and_type(frames[nr]);
}

void pv_destroy_gdt(struct vcpu *v)
{
	drop_desc_frames(v->gdt_frames, desc_table_frames(v->gdt_ents));
	v->gdt_ents = 0;
}

/* The LDT's 16-byte system descriptor in this CPU's GDT. */
static void install_ldt_descriptor(unsigned int cpu, unsigned int ents)
{
	uint64_t base = (uint64_t)cpu_ldt[cpu], limit = ents * 8 - 1;
	uint64_t *d = &cpu_gdt(cpu)[LDT_SELECTOR / 8];

	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | DESC_TYPE_LDT |
	       (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
}

/* Loads the vCPU's LDT on this CPU (an empty one unloads it). */
void load_guest_ldt(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id(), i;

	if (!v->ldt_ents) {
		if (cpu_ldt_ents[cpu])
			asm volatile("lldt %w0" : : "r"(0));
		cpu_ldt_ents[cpu] = 0;
		return;
	}
	for (i = 0; i < v->ldt_ents; i++)
		cpu_ldt[cpu][i] = descriptor(v->ldt_frames, i);
	install_ldt_descriptor(cpu, v->ldt_ents);
	asm volatile("lldt %w0" : : "r"(LDT_SELECTOR));
	cpu_ldt_ents[cpu] = v->ldt_ents;
}

void pv_destroy_ldt(struct vcpu *v)
{
	drop_desc_frames(v->ldt_frames, desc_table_frames(v->ldt_ents));
	v->ldt_ents = 0;
	v->ldt_base = 0;
}

/* The frame the guest's kernel tables map at @va, or 0. */
static unsigned long mapped_frame(struct vcpu *v, unsigned long va)
{
	unsigned long l1mfn;
	pte_t e;

	if (pv_find_l1_table(v, va, &l1mfn))
		return 0;
	e = ((pte_t *)mfn_to_virt(l1mfn))[pt_index(va, 1)];
	return (e & _PAGE_PRESENT) && mfn_valid(pte_mfn(e)) ? pte_mfn(e) : 0;
}

/* Every CPU gets its LDT buffer before any guest can load an LDT. */
static bool ldt_buffers_ready(void)
{
	unsigned int order = order_for_bytes(LDT_MAX_ENTS * 8), cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (!cpu_ldt[cpu] && !(cpu_ldt[cpu] = alloc_xen_pages(order)))
			return false;
	return true;
}

/* Called with the mm lock held. */
int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
	unsigned long frames[LDT_MAX_PAGES];
	unsigned int nr = desc_table_frames(ents), i;

	if (!ents)
		base = 0;
	if ((base & (PAGE_SIZE - 1)) || ents > LDT_MAX_ENTS ||
	    (ents && !guest_range_ok(base, ents * 8)))
		return -EINVAL;
	if (ents && !ldt_buffers_ready())
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		frames[i] = mapped_frame(v, base + i * PAGE_SIZE);
		if (!frames[i] ||
		    !get_page_and_type(frames[i], v->domain, PGT_seg_desc)) {
			drop_desc_frames(frames, i);
			return -EINVAL;
		}
	}
	pv_destroy_ldt(v);
	memcpy(v->ldt_frames, frames, nr * sizeof(*frames));
	v->ldt_base = base;
	v->ldt_ents = ents;
	if (v == current)
		load_guest_ldt(v);
	return 0;
}

int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries)
{
	unsigned int nr = desc_table_frames(entries), i;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		if (!get_page_and_type(frames[i], v->domain, PGT_seg_desc)) {
			drop_desc_frames(frames, i);
			return -EINVAL;
		}
	}
	pv_destroy_gdt(v);
	memcpy(v->gdt_frames, frames, nr * sizeof(*frames));
	v->gdt_ents = entries;
	if (v == current)
		load_guest_gdt(v);
	return 0;
}

long do_set_gdt(unsigned long frame_list, unsigned int entries)
{
	unsigned long frames[FIRST_RESERVED_GDT_PAGE];
	unsigned int nr = desc_table_frames(entries);
	long rc;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
		return -EFAULT;
	pv_mm_lock();
	rc = pv_set_gdt(current, frames, entries);
	pv_mm_unlock();
	return rc;
}

/* Refreshes a loaded copy (@table, @ents long) of a table in @frames. */
static void refresh_copy(uint64_t *table, const unsigned long *frames,
			 unsigned int ents, unsigned long mfn,
			 unsigned int index)
{
	unsigned int i;

	for (i = 0; i * DESCS_PER_PAGE < ents; i++) {
		unsigned int entry = i * DESCS_PER_PAGE + index;

		if (frames[i] == mfn && entry < ents)
			table[entry] = ((uint64_t *)mfn_to_virt(mfn))[index];
	}
}

/* Refreshes this CPU's copies if @mfn holds the current vCPU's tables. */
static void refresh_loaded_entry(unsigned long mfn, unsigned int index)
{
	struct vcpu *v = current;
	unsigned int cpu = smp_processor_id();

	refresh_copy(cpu_gdt(cpu), v->gdt_frames, v->gdt_ents, mfn, index);
	refresh_copy(cpu_ldt[cpu], v->ldt_frames, v->ldt_ents, mfn, index);
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
	unsigned long mfn = maddr >> PAGE_SHIFT;
	unsigned int index = (maddr & (PAGE_SIZE - 1)) / 8;
	struct page_info *pg;
	enum page_type type;
	long rc = -EINVAL;

	if ((maddr & 7) || !check_descriptor(&desc) || !mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	pv_mm_lock();
	if (!get_page(pg, current->domain))
		goto out;
	type = pg->type_count && pg->type == PGT_seg_desc ? PGT_seg_desc :
								PGT_writable;
	if (get_page_type(pg, type)) {
		((uint64_t *)mfn_to_virt(mfn))[index] = desc;
		put_page_type(pg);
		if (type == PGT_seg_desc)
			refresh_loaded_entry(mfn, index);
		rc = 0;
	}
	put_page(pg);
out:
	pv_mm_unlock();
	return rc;
}
