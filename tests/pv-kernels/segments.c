/*
 * A dom0 that installs its own GDT (set_gdt) and LDT (mmuext_op
 * SET_LDT), changes descriptors (update_descriptor), loads selectors
 * from both, and tries what must be refused: system descriptors, a
 * writable mapping of a descriptor page, bad LDT bases and sizes.
 * Prints "seg: key=value" lines for a differential run.
 */
#include "pvk.h"

#define CODE64		0x00af9a000000ffffUL	/* DPL 0: raised to 3 */
#define DATA		0x00cf92000000ffffUL
#define TSS		0x0000890000000067UL	/* system: refused */
#define PTE_RO		0x25UL			/* P | US | A */
#define PTE_RW		0x27UL

static uint64_t gdt[512] __attribute__((aligned(4096)));
static uint64_t ldt[512] __attribute__((aligned(4096)));
static const struct start_info *si;

static unsigned long mfn_of(const void *va)
{
	return ((const unsigned long *)si->mfn_list)[(unsigned long)va >> 12];
}

static long remap(const void *va, unsigned long flags)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, (unsigned long)va,
			  (mfn_of(va) << 12) | flags, UVMF_INVLPG);
}

static long set_gdt(unsigned int entries)
{
	unsigned long frame = mfn_of(gdt);

	return hypercall2(__HYPERVISOR_set_gdt, &frame, entries);
}

static long update(const uint64_t *table, unsigned int index, uint64_t desc)
{
	return hypercall2(__HYPERVISOR_update_descriptor,
			  (mfn_of(table) << 12) + index * 8, desc);
}

static long set_ldt(unsigned long base, unsigned int entries)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	op.arg1.linear_addr = base;
	op.arg2.nr_ents = entries;
	return hypercall4(__HYPERVISOR_mmuext_op, &op, 1, 0, DOMID_SELF);
}

static unsigned int load_es(unsigned int sel)
{
	unsigned int out;

	asm volatile("mov %1, %%es; mov %%es, %0" : "=r"(out) : "r"(sel));
	return out;
}

/* Selectors with TI set (4) name LDT entries. */
static void ldt_checks(void)
{
	ldt[1] = DATA;
	pvk_print("seg: ldt_remap_ro=%ld\n", remap(ldt, PTE_RO));
	pvk_print("seg: set_ldt=%ld\n", set_ldt((unsigned long)ldt, 16));
	pvk_print("seg: load_es_ldt=%#x\n", load_es((1 << 3) | 4 | 3));
	pvk_print("seg: ldt_dpl_raised=%s\n",
		  ((ldt[1] >> 45) & 3) == 3 ? "yes" : "no");
	pvk_print("seg: update_ldt=%ld\n", update(ldt, 2, DATA));
	pvk_print("seg: load_es_ldt_new=%#x\n", load_es((2 << 3) | 4 | 3));
	pvk_print("seg: update_ldt_tss=%ld\n", update(ldt, 3, TSS));
	pvk_print("seg: writable_map_of_ldt=%ld\n", remap(ldt, PTE_RW));
	pvk_print("seg: set_ldt_unaligned=%ld\n",
		  set_ldt((unsigned long)ldt + 8, 16));
	pvk_print("seg: set_ldt_too_many=%ld\n",
		  set_ldt((unsigned long)ldt, 8193));
	pvk_print("seg: set_ldt_in_xen=%ld\n",
		  set_ldt(0xffff830000000000UL, 16));
	load_es(0);
	pvk_print("seg: clear_ldt=%ld\n", set_ldt(0, 0));
	pvk_print("seg: ldt_writable_after_clear=%ld\n", remap(ldt, PTE_RW));
}

void pvk_main(const struct start_info *start_info)
{
	si = start_info;
	pvk_print("seg: begin\n");
	gdt[1] = CODE64;
	gdt[2] = DATA;
	gdt[3] = TSS;
	pvk_print("seg: remap_ro=%ld\n", remap(gdt, PTE_RO));
	pvk_print("seg: set_gdt_with_tss=%ld\n", set_gdt(16));
	pvk_print("seg: remap_rw_again=%ld\n", remap(gdt, PTE_RW));
	gdt[3] = 0;
	pvk_print("seg: remap_ro=%ld\n", remap(gdt, PTE_RO));
	pvk_print("seg: set_gdt=%ld\n", set_gdt(16));
	pvk_print("seg: dpl_raised=%s\n",
		  ((gdt[1] >> 45) & 3) == 3 ? "yes" : "no");
	pvk_print("seg: writable_map_of_gdt=%ld\n", remap(gdt, PTE_RW));
	pvk_print("seg: load_es=%#x\n", load_es((2 << 3) | 3));
	pvk_print("seg: update_data=%ld\n", update(gdt, 4, DATA));
	pvk_print("seg: load_es_new=%#x\n", load_es((4 << 3) | 3));
	pvk_print("seg: update_tss=%ld\n", update(gdt, 5, TSS));
	pvk_print("seg: update_unaligned=%ld\n", hypercall2(
		  __HYPERVISOR_update_descriptor, (mfn_of(gdt) << 12) + 4, DATA));
	pvk_print("seg: too_many_entries=%ld\n", set_gdt(7169));
	ldt_checks();
	pvk_print("seg: clear_gdt=%ld\n", set_gdt(0));
	pvk_print("seg: writable_after_clear=%ld\n", remap(gdt, PTE_RW));
	pvk_print("seg: end\n");
	pvk_poweroff();
}
