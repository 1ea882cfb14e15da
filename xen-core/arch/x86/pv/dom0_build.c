/*
 * Building the control domain by the Xen PV boot protocol (xen.h,
 * "Start-of-day memory layout"): the kernel from the first boot module,
 * then, in one region mapped from VIRT_BASE, the p2m list, start_info,
 * the bootstrap page tables (mapped read-only) and a boot stack, rounded
 * to 4 MiB with at least 512 KiB to spare.  An initrd (second module)
 * goes after the mapped region when the kernel takes it by PFN
 * (MOD_START_PFN), else inside it.
 */
#include <xen-core/domain.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/libelf.h>
#include <xen-core/pv_mm.h>
#include <xen-core/sched.h>
#include <xen-core/pv.h>
#include <xen-core/io.h>

#define MB(x)		((uint64_t)(x) << 20)
#define DOM0_RESERVE	MB(64)		/* left to xen-core when dom0_mem is unset */
#define BOOT_ALIGN	MB(4)
#define BOOT_SLACK	(512 * 1024)

struct dom0_layout {
	uint64_t v_start, v_end;
	uint64_t vinitrd_start, vinitrd_end;	/* empty when by PFN */
	uint64_t vphysmap_start;
	uint64_t vstartinfo_start;
	uint64_t vpt_start, vpt_end;
	uint64_t vstack_start, vstack_end;
	unsigned long nr_pt_pages;
};

struct dom0_builder {
	struct domain *d;
	struct vcpu *v;
	const uint8_t *image;
	size_t image_len;
	const uint8_t *initrd;
	size_t initrd_len;
	struct xen_elf_info elf;
	struct dom0_layout lay;
	unsigned long nr_pages;
	unsigned long *p2m;	/* pfn -> mfn, in dom0's own p2m pages */
	unsigned long pt_next_pfn;
};

static unsigned long regions(uint64_t start, uint64_t end, unsigned int shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

static unsigned long pt_pages_for(uint64_t start, uint64_t end)
{
	return regions(start, end, L4_SHIFT) + regions(start, end, L3_SHIFT) +
	       regions(start, end, L2_SHIFT) + 1;
}

static void compute_layout(struct dom0_builder *b)
{
	struct dom0_layout *l = &b->lay;
	uint64_t v = ROUNDUP(b->elf.virt_kend, PAGE_SIZE);

	l->v_start = b->elf.virt_base;
	if (!b->elf.mod_start_pfn && b->initrd_len) {
		l->vinitrd_start = v;
		l->vinitrd_end = v + b->initrd_len;
		v = ROUNDUP(l->vinitrd_end, PAGE_SIZE);
	}
	l->vphysmap_start = v;
	v = ROUNDUP(v + b->nr_pages * sizeof(unsigned long), PAGE_SIZE);
	l->vstartinfo_start = v;
	l->vpt_start = v + PAGE_SIZE;
	for (l->nr_pt_pages = 1;; l->nr_pt_pages++) {
		l->vpt_end = l->vpt_start + l->nr_pt_pages * PAGE_SIZE;
		l->vstack_start = l->vpt_end;
		l->vstack_end = l->vstack_start + PAGE_SIZE;
		l->v_end = ROUNDUP(l->vstack_end, BOOT_ALIGN);
		if (l->v_end - l->vstack_end < BOOT_SLACK)
			l->v_end += BOOT_ALIGN;
		if (pt_pages_for(l->v_start, l->v_end) <= l->nr_pt_pages)
			break;
	}
}

static void *pfn_to_virt(struct dom0_builder *b, unsigned long pfn)
{
	return mfn_to_virt(b->p2m[pfn]);
}

/* Copies @len bytes to dom0 pseudo-physical address @pa. */
static void copy_to_dom0(struct dom0_builder *b, uint64_t pa, const void *src,
			 size_t len)
{
	const uint8_t *s = src;

	while (len) {
		size_t off = pa & (PAGE_SIZE - 1);
		size_t n = MIN(len, PAGE_SIZE - off);

		memcpy((uint8_t *)pfn_to_virt(b, pa >> PAGE_SHIFT) + off, s, n);
		pa += n;
		s += n;
		len -= n;
	}
}

static unsigned long va_to_pfn(const struct dom0_builder *b, uint64_t va)
{
	return (va - b->lay.v_start) >> PAGE_SHIFT;
}

#define DOM0_CHUNK_ORDER	9	/* allocate 2 MiB at a time */

bool opt_test_dom0_pfn_shuffle;

/*
 * Tests only: deal dom0's frames out to its pfns in random order, so that
 * a driver taking a pfn for a bus address, or contiguous pfns for
 * contiguous machine memory, fails (Xen promises neither).
 */
static void shuffle_p2m(struct dom0_builder *b)
{
	uint64_t x = rdtsc() | 1;

	for (unsigned long i = b->nr_pages - 1; i > 0; i--) {
		unsigned long j, mfn;

		x ^= x << 13;		/* xorshift64 */
		x ^= x >> 7;
		x ^= x << 17;
		j = x % (i + 1);
		mfn = b->p2m[i];
		b->p2m[i] = b->p2m[j];
		b->p2m[j] = mfn;
	}
	printk("Dom0: pseudo-physical frames shuffled (test_dom0_pfn_shuffle)\n");
}

/*
 * Gives dom0 its pages in 2 MiB chunks.  Only the first @zeroed pfns (the
 * boot layout, the initrd) are cleared: the rest is dom0's to clear, and
 * dom0 may read all of memory anyway; clearing it dominated boot time.
 */
static bool allocate_memory(struct dom0_builder *b, unsigned long zeroed)
{
	unsigned long pfn = 0, i;

	b->p2m = alloc_xen_pages(order_for_bytes(b->nr_pages * sizeof(long)));
	if (!b->p2m)
		return false;
	while (pfn < b->nr_pages) {
		unsigned int order = DOM0_CHUNK_ORDER;
		struct page_info *pg;

		while (pfn + (1UL << order) > b->nr_pages)
			order--;
		pg = alloc_pages_unscrubbed(order, b->d->domain_id);
		if (!pg)
			return false;
		for (i = 0; i < (1UL << order); i++, pfn++) {
			assign_page(b->d, pg + i);
			b->p2m[pfn] = page_to_mfn(pg + i);
		}
	}
	if (opt_test_dom0_pfn_shuffle)
		shuffle_p2m(b);
	for (pfn = 0; pfn < b->nr_pages; pfn++) {
		machine_to_phys[b->p2m[pfn]] = pfn;
		if (pfn < zeroed)
			memset(mfn_to_virt(b->p2m[pfn]), 0, PAGE_SIZE);
	}
	return true;
}

static pte_t *table_at(struct dom0_builder *b, pte_t *parent, unsigned int idx)
{
	if (!(parent[idx] & _PAGE_PRESENT)) {
		unsigned long pfn = b->pt_next_pfn++;

		BUG_ON(pfn >= va_to_pfn(b, b->lay.vpt_end));
		parent[idx] = make_pte(b->p2m[pfn], _PAGE_PRESENT | _PAGE_RW |
				       _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER);
	}
	return mfn_to_virt(pte_mfn(parent[idx]));
}

/* Maps [v_start, v_end) to pfns 0..; page-table pages read-only. */
static unsigned long build_page_tables(struct dom0_builder *b)
{
	unsigned long pt_first = va_to_pfn(b, b->lay.vpt_start);
	unsigned long pt_end = va_to_pfn(b, b->lay.vpt_end);
	pte_t *l4 = pfn_to_virt(b, pt_first);
	uint64_t va;

	b->pt_next_pfn = pt_first + 1;
	for (va = b->lay.v_start; va < b->lay.v_end; va += PAGE_SIZE) {
		unsigned long pfn = va_to_pfn(b, va);
		pte_t *l3 = table_at(b, l4, pt_index(va, 4));
		pte_t *l2 = table_at(b, l3, pt_index(va, 3));
		pte_t *l1 = table_at(b, l2, pt_index(va, 2));
		unsigned long prot = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_USER;

		if (pfn < pt_first || pfn >= pt_end)
			prot |= _PAGE_RW;
		l1[pt_index(va, 1)] = make_pte(b->p2m[pfn], prot);
	}
	return b->p2m[pt_first];
}

static void load_kernel(struct dom0_builder *b)
{
	uint64_t shift = b->elf.virt_base - b->elf.paddr_offset;
	unsigned int i;

	for (i = 0; i < b->elf.nr_seg; i++) {
		const struct elf_segment *s = &b->elf.seg[i];
		uint64_t pa = s->paddr + shift - b->lay.v_start;

		copy_to_dom0(b, pa, b->image + s->offset, s->filesz);
		/* memsz beyond filesz is bss: the pages came zeroed. */
	}
}

static void fill_hypercall_page(struct dom0_builder *b)
{
	uint8_t page[PAGE_SIZE];

	pv_write_hypercall_page(page);
	copy_to_dom0(b, b->elf.hypercall_page - b->lay.v_start, page,
		     sizeof(page));
}

static void place_initrd(struct dom0_builder *b, struct start_info *si)
{
	uint64_t pa;

	if (!b->initrd_len)
		return;
	if (b->elf.mod_start_pfn) {
		pa = b->lay.v_end - b->lay.v_start;
		si->mod_start = pa >> PAGE_SHIFT;
		si->flags |= SIF_MOD_START_PFN;
	} else {
		pa = b->lay.vinitrd_start - b->lay.v_start;
		si->mod_start = b->lay.vinitrd_start;
	}
	si->mod_len = b->initrd_len;
	copy_to_dom0(b, pa, b->initrd, b->initrd_len);
}

static void write_start_info(struct dom0_builder *b, const char *cmdline)
{
	struct start_info *si = pfn_to_virt(b, va_to_pfn(b, b->lay.vstartinfo_start));

	memset(si, 0, PAGE_SIZE);
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = b->nr_pages;
	si->shared_info = b->d->shared_info_mfn << PAGE_SHIFT;
	si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
	si->pt_base = b->lay.vpt_start;
	si->nr_pt_frames = b->lay.nr_pt_pages;
	si->mfn_list = b->lay.vphysmap_start;
	strlcpy((char *)si->cmd_line, cmdline, sizeof(si->cmd_line));
	place_initrd(b, si);
}

static void init_boot_vcpu(struct dom0_builder *b)
{
	struct cpu_regs *r = &b->v->regs;

	memset(r, 0, sizeof(*r));
	r->rip = b->elf.entry;
	r->rsp = b->lay.vstack_end;
	r->rsi = b->lay.vstartinfo_start;
	r->rflags = X86_EFLAGS_IF;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	b->v->kernel_ss = FLAT_KERNEL_SS;
	b->v->kernel_sp = b->lay.vstack_end;
}

static unsigned long dom0_pages(const struct boot_options *opts)
{
	uint64_t free_bytes = (uint64_t)free_page_count() << PAGE_SHIFT;
	uint64_t want = opts->dom0_mem_bytes;

	if (!want)
		want = free_bytes > 2 * DOM0_RESERVE ? free_bytes - DOM0_RESERVE :
						       free_bytes / 2;
	if (opts->dom0_mem_max_bytes && want > opts->dom0_mem_max_bytes)
		want = opts->dom0_mem_max_bytes;
	if (want > free_bytes - MB(4))
		panic("dom0_mem=%luM is more than the %luM free",
		      (unsigned long)(want >> 20), (unsigned long)(free_bytes >> 20));
	return want >> PAGE_SHIFT;
}

static void check_kernel(struct dom0_builder *b)
{
	const char *err;

	if (elf_parse_pv_kernel(b->image, b->image_len, &b->elf, &err))
		panic("control domain image: %s", err);
	if (b->elf.has_supported_features &&
	    !(b->elf.supported_features & (1U << XENFEAT_dom0)))
		panic("control domain kernel does not support running as dom0");
	if (b->elf.virt_base >= 0xffff800000000000UL &&
	    b->elf.virt_base < 0xffff880000000000UL)
		panic("control domain kernel wants xen-core's address range");
}

void construct_dom0(const struct boot_info *bi, const struct boot_options *opts)
{
	static struct dom0_builder b;
	const struct boot_module *kmod = &bi->modules[0];
	unsigned long l4_mfn, needed;
	unsigned int cpu;

	b.image = __va(kmod->start);
	b.image_len = kmod->end - kmod->start;
	if (bi->nr_modules > 1) {
		b.initrd = __va(bi->modules[1].start);
		b.initrd_len = bi->modules[1].end - bi->modules[1].start;
	}
	check_kernel(&b);
	b.nr_pages = dom0_pages(opts);
	compute_layout(&b);
	needed = va_to_pfn(&b, b.lay.v_end) +
		 (b.elf.mod_start_pfn ? ROUNDUP(b.initrd_len, PAGE_SIZE) >> PAGE_SHIFT : 0);
	if (needed > b.nr_pages)
		panic("dom0_mem too small: the boot layout needs %lu KiB",
		      needed << 2);

	b.d = domain_create(0, nr_cpus, true);
	BUG_ON(!b.d);
	dom0 = b.d;
	b.d->max_pages = b.nr_pages;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (!vcpu_create(b.d, cpu, cpu))
			panic("cannot create dom0 vCPU %u", cpu);
	b.v = b.d->vcpus[0];
	if (!allocate_memory(&b, needed))
		panic("out of memory building dom0");

	printk("Dom0 kernel: %s, %#lx-%#lx, entry %#lx, %lu MiB\n",
	       b.elf.guest_os[0] ? b.elf.guest_os : b.elf.loader,
	       b.elf.virt_kstart, b.elf.virt_kend, b.elf.entry, b.nr_pages >> 8);
	l4_mfn = build_page_tables(&b);
	load_kernel(&b);
	if (b.elf.hypercall_page)
		fill_hypercall_page(&b);
	copy_to_dom0(&b, b.lay.vphysmap_start - b.lay.v_start, b.p2m,
		     b.nr_pages * sizeof(unsigned long));
	write_start_info(&b, kmod->cmdline);
	b.d->shared_info->arch.max_pfn = b.nr_pages;
	free_xen_pages(b.p2m, order_for_bytes(b.nr_pages * sizeof(long)));

	if (pv_set_initial_page_table(b.v, l4_mfn))
		panic("dom0's initial page tables do not validate");
	init_boot_vcpu(&b);
	for (cpu = 0; cpu < bi->nr_modules; cpu++)
		release_boot_range(bi->modules[cpu].start, bi->modules[cpu].end);
	vcpu_clear_pause_flag(b.v, VPF_down);
}
