/*
 * Guest GDTs.  A PV guest hands xen-core up to 14 frames of descriptors
 * (set_gdt); each frame becomes a "segment descriptor" page: it can no
 * longer be mapped writable, and every descriptor in it was checked.
 * The descriptors are copied into the running CPU's own GDT (below
 * xen-core's reserved entries at 0xe000) whenever the vCPU is loaded,
 * and again when update_descriptor changes one.
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

/* Copies the vCPU's descriptors into this CPU's GDT, clearing leftovers. */
void load_guest_gdt(struct vcpu *v)
{
	static unsigned int loaded_ents[NR_CPUS];
	unsigned int cpu = smp_processor_id(), i;
	uint64_t *gdt = cpu_gdt(cpu);

	for (i = 0; i < v->gdt_ents; i++)
		gdt[i] = ((uint64_t *)mfn_to_virt(v->gdt_frames[i / DESCS_PER_PAGE]))
			 [i % DESCS_PER_PAGE];
	if (loaded_ents[cpu] > v->gdt_ents)
		memset(&gdt[v->gdt_ents], 0,
		       (loaded_ents[cpu] - v->gdt_ents) * sizeof(*gdt));
	loaded_ents[cpu] = v->gdt_ents;
}

static void drop_gdt_frames(unsigned long *frames, unsigned int nr)
{
	while (nr-- > 0)
		put_page_and_type(frames[nr]);
}

void pv_destroy_gdt(struct vcpu *v)
{
	drop_gdt_frames(v->gdt_frames, ROUNDUP(v->gdt_ents, DESCS_PER_PAGE) /
			DESCS_PER_PAGE);
	v->gdt_ents = 0;
}

int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries)
{
	unsigned int nr = ROUNDUP(entries, DESCS_PER_PAGE) / DESCS_PER_PAGE, i;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		if (!get_page_and_type(frames[i], v->domain, PGT_seg_desc)) {
			drop_gdt_frames((unsigned long *)frames, i);
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
	unsigned int nr = ROUNDUP(entries, DESCS_PER_PAGE) / DESCS_PER_PAGE;
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

/* Refreshes the loaded copy if @mfn holds the current vCPU's GDT. */
static void refresh_loaded_entry(unsigned long mfn, unsigned int index)
{
	struct vcpu *v = current;
	unsigned int i;

	for (i = 0; i * DESCS_PER_PAGE < v->gdt_ents; i++) {
		unsigned int entry = i * DESCS_PER_PAGE + index;

		if (v->gdt_frames[i] == mfn && entry < v->gdt_ents)
			cpu_gdt(smp_processor_id())[entry] =
				((uint64_t *)mfn_to_virt(mfn))[index];
	}
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
