/*
 * The probe: a PV kernel that dumps what the hypervisor gave it at boot
 * (start_info, initial registers, the bootstrap page tables, p2m/M2P
 * agreement, xen_version features, CPUID as a PV guest sees it) as
 * "probe: key=value" lines, then powers off.  Booted on xen-core and on
 * stock Xen, the two dumps must agree where the ABI fixes the values.
 * As dom0 it prints with console_io; as a domU, on its console ring.
 */
#include "pvk.h"

#define PTE_FLAGS_SHOWN	(0x7UL | (1UL << 63))	/* P, RW, US, NX */
#define PTE_MFN(e)	(((e) & 0x000ffffffffff000UL) >> 12)

static const struct start_info *si;

static void dump_start_info(void)
{
	pvk_print("probe: magic=%s\n", si->magic);
	pvk_print("probe: nr_pages=%lu\n", si->nr_pages);
	pvk_print("probe: shared_info_page_aligned=%s\n",
		  (si->shared_info & 4095) ? "no" : "yes");
	pvk_print("probe: flags=%#x pm_flags=%#x\n", si->flags & ~SIF_PM_MASK,
		  (si->flags & SIF_PM_MASK) >> 8);
	if (si->flags & SIF_INITDOMAIN) {
		pvk_print("probe: store_mfn=%lu store_evtchn=%u\n",
			  si->store_mfn, si->store_evtchn);
		pvk_print("probe: console_info_off=%u console_info_size=%u\n",
			  si->console.dom0.info_off,
			  si->console.dom0.info_size);
	} else {
		/* A domU's rings: pfns fixed by the layout, not the mfns. */
		pvk_print("probe: store_pfn=%lu store_evtchn=%u\n",
			  M2P[si->store_mfn], si->store_evtchn);
		pvk_print("probe: console_pfn=%lu console_evtchn=%u\n",
			  M2P[si->console.domU.mfn], si->console.domU.evtchn);
	}
	pvk_print("probe: pt_base=%#lx nr_pt_frames=%lu\n", si->pt_base,
		  si->nr_pt_frames);
	pvk_print("probe: mfn_list=%#lx\n", si->mfn_list);
	pvk_print("probe: mod_start=%#lx mod_len=%lu\n", si->mod_start,
		  si->mod_len);
	pvk_print("probe: cmd_line=%s\n", (const char *)si->cmd_line);
	pvk_print("probe: start_info_va=%#lx\n", (unsigned long)si);
}

/* The second boot module, mapped in the boot region (no MOD_START_PFN). */
static void dump_initrd(void)
{
	const unsigned char *p = (const unsigned char *)si->mod_start;
	unsigned long i, sum = 0;

	if (!si->mod_len)
		return;
	for (i = 0; i < si->mod_len; i++)
		sum = sum * 31 + p[i];
	pvk_print("probe: initrd_hash=%#lx initrd_first=%.8s\n", sum,
		  (const char *)p);
}

static void dump_registers(void)
{
	const struct boot_regs *r = &boot_regs;
	uint64_t others = r->rax | r->rbx | r->rcx | r->rdx | r->rdi | r->rbp |
			  r->r8 | r->r9 | r->r10 | r->r11 | r->r12 | r->r13 |
			  r->r14 | r->r15;

	pvk_print("probe: rsi_is_start_info=%s\n",
		  r->rsi == (uint64_t)si ? "yes" : "no");
	pvk_print("probe: rsp=%#lx\n", r->rsp);
	pvk_print("probe: other_gprs_zero=%s\n", others ? "no" : "yes");
	pvk_print("probe: rflags_if=%lu rflags_iopl=%lu\n",
		  (r->rflags >> 9) & 1, (r->rflags >> 12) & 3);
	pvk_print("probe: cs=%#x ss=%#x\n", r->cs, r->ss);
}

static const uint64_t *table_va(uint64_t e)
{
	return (const uint64_t *)(M2P[PTE_MFN(e)] << 12);
}

struct run {
	unsigned long start, end;
	uint64_t flags;
	bool linear;
	bool open;
};

static void emit(struct run *r)
{
	if (r->open)
		pvk_print("probe: map %#lx-%#lx flags=%#lx linear=%s\n", r->start,
			  r->end, (unsigned long)r->flags,
			  r->linear ? "yes" : "no");
	r->open = false;
}

static void add_page(struct run *r, unsigned long va, uint64_t pte)
{
	const unsigned long *p2m = (const unsigned long *)si->mfn_list;
	uint64_t flags = pte & PTE_FLAGS_SHOWN;
	bool linear = (va >> 12) < si->nr_pages && p2m[va >> 12] == PTE_MFN(pte);

	if (r->open && r->end == va && r->flags == flags && r->linear == linear) {
		r->end += 4096;
		return;
	}
	emit(r);
	*r = (struct run){ va, va + 4096, flags, linear, true };
}

static bool guest_slot(unsigned int i)
{
	return i < 256 || i > 271;
}

static void dump_page_tables(void)
{
	const uint64_t *l4 = (const uint64_t *)si->pt_base;
	struct run run = { 0 };
	unsigned int i4, i3, i2, i1;

	for (i4 = 0; i4 < 512; i4++) {
		if (!guest_slot(i4) || !(l4[i4] & 1))
			continue;
		pvk_print("probe: l4[%u] flags=%#lx\n", i4,
			  (unsigned long)(l4[i4] & PTE_FLAGS_SHOWN));
		for (i3 = 0; i3 < 512; i3++) {
			const uint64_t *l3 = table_va(l4[i4]);

			if (!(l3[i3] & 1))
				continue;
			for (i2 = 0; i2 < 512; i2++) {
				const uint64_t *l2 = table_va(l3[i3]);

				if (!(l2[i2] & 1))
					continue;
				for (i1 = 0; i1 < 512; i1++) {
					const uint64_t *l1 = table_va(l2[i2]);
					unsigned long va = ((unsigned long)i4 << 39) |
						((unsigned long)i3 << 30) |
						((unsigned long)i2 << 21) |
						((unsigned long)i1 << 12);

					if (i4 >= 256)
						va |= 0xffff000000000000UL;
					if (l1[i1] & 1)
						add_page(&run, va, l1[i1]);
				}
			}
		}
	}
	emit(&run);
}

static void dump_p2m(void)
{
	const unsigned long *p2m = (const unsigned long *)si->mfn_list;
	unsigned long pfn, bad = 0;

	for (pfn = 0; pfn < si->nr_pages; pfn++)
		if (M2P[p2m[pfn]] != pfn)
			bad++;
	pvk_print("probe: p2m_m2p_mismatches=%lu\n", bad);
}

static void dump_features(void)
{
	xen_feature_info_t fi = { .submap_idx = 0 };
	long v = hypercall2(__HYPERVISOR_xen_version, XENVER_version, 0);

	hypercall2(__HYPERVISOR_xen_version, XENVER_get_features, &fi);
	pvk_print("probe: xen_version=%ld.%ld\n", v >> 16, v & 0xffff);
	pvk_print("probe: features=%#x\n", fi.submap);
	pvk_print("probe: pagesize=%ld\n",
		  hypercall2(__HYPERVISOR_xen_version, XENVER_pagesize, 0));
}

static void dump_cpuid(void)
{
	uint32_t a, b, c, d;
	char sig[13];

	cpuid_forced(0x40000000, 0, &a, &b, &c, &d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	pvk_print("probe: cpuid_hv_signature=%s cpuid_hv_max_ge_2=%s\n", sig,
		  a >= 0x40000002 ? "yes" : "no");
	cpuid_forced(0x40000001, 0, &a, &b, &c, &d);
	pvk_print("probe: cpuid_hv_version=%u.%u\n", a >> 16, a & 0xffff);
	cpuid_forced(1, 0, &a, &b, &c, &d);
	pvk_print("probe: cpuid1_hypervisor=%u cpuid1_pge=%u cpuid1_pse=%u "
		  "cpuid1_mtrr=%u cpuid1_x2apic=%u\n", (c >> 31) & 1,
		  (d >> 13) & 1, (d >> 3) & 1, (d >> 12) & 1, (c >> 21) & 1);
	cpuid_forced(7, 0, &a, &b, &c, &d);
	pvk_print("probe: cpuid7_smep=%u cpuid7_smap=%u cpuid7_invpcid=%u\n",
		  (b >> 7) & 1, (b >> 20) & 1, (b >> 10) & 1);
}

void pvk_main(const struct start_info *start_info)
{
	si = start_info;
	pvk_print("probe: begin\n");
	dump_start_info();
	dump_initrd();
	dump_registers();
	dump_features();
	dump_cpuid();
	dump_p2m();
	dump_page_tables();
	pvk_print("probe: end\n");
	pvk_poweroff();
}
