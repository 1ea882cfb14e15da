/*
 * A dom0 that stores straight into its own read-only L1 page table, the
 * way Linux does (mov, xchg, cmpxchg, lock btr/bts, lock and/or of a
 * byte), and once with a value that must be refused (the hypervisor's
 * own frame), which must come back as its own page fault.  Prints
 * "ptwr: key=value" lines for a differential run.
 */
#include "pvk.h"

#define SPARE_VA	0x300000UL	/* mapped, unused pages of ours */
#define PTE_RW		0x67UL		/* P | RW | US | A | D */
#define XEN_FRAME	0x200UL		/* xen-core's image; Xen's too */

static const struct start_info *si;
static volatile unsigned long faults, fault_cr2;

static unsigned long p2m(unsigned long pfn)
{
	return ((const unsigned long *)si->mfn_list)[pfn];
}

/* The PTE mapping @va, through the (read-only) bootstrap tables. */
static volatile uint64_t *pte_of(unsigned long va)
{
	const uint64_t *t = (const uint64_t *)si->pt_base;
	int level;

	for (level = 4; level > 1; level--) {
		uint64_t e = t[(va >> (12 + 9 * (level - 1))) & 511];

		t = (const uint64_t *)(M2P[(e & 0x000ffffffffff000UL) >> 12] << 12);
	}
	return (volatile uint64_t *)&t[(va >> 12) & 511];
}

/* #PF handler: count it, skip the 3-byte store that faulted. */
void page_fault_handler(void);
asm(".globl page_fault_handler\n"
    "page_fault_handler:\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	add $8, %rsp\n"			/* error code */
    "	incq faults(%rip)\n"
    "	addq $3, (%rsp)\n"		/* saved rip */
    "	jmp pvk_iret\n");

/* A PV kernel cannot run invlpg (ring 3): it asks. */
static void flush_spare(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL,
				.arg1.linear_addr = SPARE_VA };

	hypercall4(__HYPERVISOR_mmuext_op, &op, 1, 0, DOMID_SELF);
}

static uint64_t frame_pte(unsigned long pfn)
{
	return (p2m(pfn) << 12) | PTE_RW;
}

void pvk_main(const struct start_info *start_info)
{
	volatile uint64_t *page = (volatile uint64_t *)SPARE_VA;
	volatile uint64_t *pte;
	unsigned long a = 0x310, b = 0x311;	/* two spare pfns */
	uint64_t old, expect;
	unsigned char cf;

	si = start_info;
	pte = pte_of(SPARE_VA);
	pvk_set_trap_handler(14, page_fault_handler);
	pvk_print("ptwr: begin\n");
	((volatile uint64_t *)(a << 12))[0] = 0xaaaa;
	((volatile uint64_t *)(b << 12))[0] = 0xbbbb;

	asm volatile("movq %1, %0" : "=m"(*pte) : "r"(frame_pte(a)));
	flush_spare();
	pvk_print("ptwr: mov=%s\n", page[0] == 0xaaaa ? "ok" : "bad");

	old = frame_pte(b);
	asm volatile("xchgq %0, %1" : "+r"(old), "+m"(*pte));
	flush_spare();
	pvk_print("ptwr: xchg_old_is_a=%s now_b=%s\n",
		  (old & ~0xfffUL) == (p2m(a) << 12) ? "yes" : "no",
		  page[0] == 0xbbbb ? "yes" : "no");

	expect = *pte;
	asm volatile("lock cmpxchgq %2, %1" : "+a"(expect), "+m"(*pte)
		     : "r"(frame_pte(a)));
	flush_spare();
	pvk_print("ptwr: cmpxchg=%s\n", page[0] == 0xaaaa ? "ok" : "bad");

	asm volatile("lock btrq $1, %0; setc %1" : "+m"(*pte), "=r"(cf));
	pvk_print("ptwr: btr_cf=%u rw_now=%lu\n", cf, (unsigned long)(*pte >> 1) & 1);
	asm volatile("lock btsq $1, %0; setc %1" : "+m"(*pte), "=r"(cf));
	pvk_print("ptwr: bts_cf=%u rw_now=%lu\n", cf, (unsigned long)(*pte >> 1) & 1);
	asm volatile("lock andb %1, %0" : "+m"(*(volatile uint8_t *)pte)
		     : "i"((uint8_t)~0x20));
	pvk_print("ptwr: andb_done=yes\n");

	/* Refused: a writable mapping of the hypervisor's own frame. */
	asm volatile("movq %%rax, (%%rdx)" : : "d"(pte),	/* 48 89 02 */
		     "a"((XEN_FRAME << 12) | PTE_RW) : "memory");
	pvk_print("ptwr: forbidden_store_faults=%lu still_a=%s\n", faults,
		  (*pte & ~0xfffUL) == (p2m(a) << 12) ? "yes" : "no");
	pvk_print("ptwr: end\n");
	pvk_poweroff();
}
