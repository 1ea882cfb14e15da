/*
 * The domain builder's start-of-day layout and bootstrap page tables:
 * the numbers libxenguest's algorithm gives (worked by hand from
 * xg_dom_core.c / xg_dom_x86.c), and a walk of the tables we write.
 */
#include <stdlib.h>
#include "check.h"
#include "toolstack-domain/builder/layout.h"
#include "toolstack-domain/builder/pagetables.h"

#define LINUX_BASE 0xffffffff80000000ULL

static void test_linux_like_kernel(void)
{
	struct pv_layout_request req = {
		.virt_base = LINUX_BASE,
		.kernel_start = LINUX_BASE + 0x1000000,
		.kernel_end = LINUX_BASE + 0x3a00000,
		.nr_pages = 131072,	/* 512 MiB */
	};
	struct pv_layout l;
	const char *why;

	CHECK_EQ(pv_layout_compute(&req, &l, &why), 0);
	CHECK_EQ(l.kernel.pfn, 4096);
	CHECK_EQ(l.kernel.pages, 10752);
	CHECK_EQ(l.p2m.pfn, 14848);
	CHECK_EQ(l.p2m.pages, 256);
	CHECK_EQ(l.start_info_pfn, 15104);
	CHECK_EQ(l.xenstore_pfn, 15105);
	CHECK_EQ(l.console_pfn, 15106);
	CHECK_EQ(l.pgtables.pfn, 15107);
	CHECK_EQ(l.pgtables.pages, 33);	/* L4, L3, L2, 30 L1s */
	CHECK_EQ(l.level[4].pfn, 15107);
	CHECK_EQ(l.level[3].pfn, 15108);
	CHECK_EQ(l.level[2].pfn, 15109);
	CHECK_EQ(l.level[1].pfn, 15110);
	CHECK_EQ(l.level[1].count, 30);
	CHECK_EQ(l.stack_pfn, 15140);
	CHECK_EQ(l.mapped_pages, 0x3c00000 >> 12);
}

/* A 4 MiB-aligned end gets 4 MiB more, as libxenguest rounds. */
static void test_small_kernel_at_zero(void)
{
	struct pv_layout_request req = {
		.virt_base = 0, .kernel_start = 0x1000, .kernel_end = 0x9000,
		.ramdisk_bytes = 5000, .nr_pages = 16384,
	};
	struct pv_layout l;
	const char *why;

	CHECK_EQ(pv_layout_compute(&req, &l, &why), 0);
	CHECK_EQ(l.kernel.pfn, 1);
	CHECK_EQ(l.kernel.pages, 8);
	CHECK_EQ(l.ramdisk.pfn, 9);
	CHECK_EQ(l.ramdisk.pages, 2);
	CHECK_EQ(l.p2m.pfn, 11);
	CHECK_EQ(l.p2m.pages, 32);
	CHECK_EQ(l.start_info_pfn, 43);
	CHECK_EQ(l.pgtables.pfn, 46);
	CHECK_EQ(l.pgtables.pages, 5);	/* L4, L3, L2, 2 L1s for 4 MiB */
	CHECK_EQ(l.stack_pfn, 51);
	CHECK_EQ(l.mapped_pages, 1024);
}

/* MOD_START_PFN: the ramdisk goes after the mapping, which ignores it. */
static void test_ramdisk_by_pfn(void)
{
	struct pv_layout_request req = {
		.virt_base = 0, .kernel_start = 0x1000, .kernel_end = 0x9000,
		.ramdisk_bytes = 5000, .nr_pages = 16384, .ramdisk_by_pfn = 1,
	};
	struct pv_layout l;
	const char *why;

	CHECK_EQ(pv_layout_compute(&req, &l, &why), 0);
	CHECK_EQ(l.p2m.pfn, 9);
	CHECK_EQ(l.stack_pfn, 49);
	CHECK_EQ(l.mapped_pages, 1024);
	CHECK_EQ(l.ramdisk.pfn, 1024);
	CHECK_EQ(l.ramdisk.pages, 2);
	req.nr_pages = 1025;	/* the mapping fits, the ramdisk not */
	CHECK_EQ(pv_layout_compute(&req, &l, &why), -1);
	CHECK(why != NULL && why[0] != 0);
	req.nr_pages = 1026;
	CHECK_EQ(pv_layout_compute(&req, &l, &why), 0);
}

static void test_refusals(void)
{
	struct pv_layout_request req = {
		.virt_base = 0, .kernel_start = 0x1000, .kernel_end = 0x9000,
		.nr_pages = 1023,	/* less than the 4 MiB mapping */
	};
	struct pv_layout l;
	const char *why;

	CHECK_EQ(pv_layout_compute(&req, &l, &why), -1);
	req.nr_pages = 1024;
	CHECK_EQ(pv_layout_compute(&req, &l, &why), 0);
	req.kernel_end = 0x1000ULL << 32;	/* bigger than memory */
	CHECK_EQ(pv_layout_compute(&req, &l, &why), -1);
	req.kernel_end = 0x9000;
	req.kernel_start = 0x1800;		/* not page aligned */
	CHECK_EQ(pv_layout_compute(&req, &l, &why), -1);
	req.virt_base = 0x2000;			/* kernel below VIRT_BASE */
	req.kernel_start = 0x1000;
	CHECK_EQ(pv_layout_compute(&req, &l, &why), -1);
	req = (struct pv_layout_request){ 0, 0x1000, 0x9000, 1ULL << 62, 2048, 0 };
	CHECK_EQ(pv_layout_compute(&req, &l, &why), -1);	/* huge ramdisk */
	req.ramdisk_bytes = 0;
	req.nr_pages = ~0ULL >> 12;	/* p2m size must not overflow */
	CHECK_EQ(pv_layout_compute(&req, &l, &why), 0);
}

#define MFN_OFFSET 0x50000ULL

/* Walk va through the tables; returns the L1 entry, 0 if unmapped. */
static uint64_t walk(const struct pv_layout *l, const uint64_t *tables,
		     uint64_t va, int *upper_ok)
{
	uint64_t pfn = l->level[4].pfn;

	*upper_ok = 1;
	for (int n = 4; n >= 1; n--) {
		uint64_t e = tables[(pfn - l->pgtables.pfn) * 512 +
				    ((va >> (12 + 9 * (n - 1))) & 511)];

		if (!(e & 1))
			return 0;
		if (n == 1)
			return e;
		if ((e & 0xfff) != 0x67)
			*upper_ok = 0;
		pfn = (e >> 12) - MFN_OFFSET;
		if (pfn < l->pgtables.pfn ||
		    pfn >= l->pgtables.pfn + l->pgtables.pages)
			return 0;
	}
	return 0;
}

static void check_tables(const struct pv_layout_request *req)
{
	struct pv_layout l;
	const char *why;
	uint64_t *p2m, *tables;
	int upper_ok, bad_maps = 0, bad_upper = 0;

	CHECK_EQ(pv_layout_compute(req, &l, &why), 0);
	p2m = malloc(l.mapped_pages * sizeof(*p2m));
	tables = calloc(l.pgtables.pages * 512, sizeof(*tables));
	for (uint64_t pfn = 0; pfn < l.mapped_pages; pfn++)
		p2m[pfn] = pfn + MFN_OFFSET;
	pv_pagetables_fill(&l, p2m, tables);
	for (uint64_t pfn = 0; pfn < l.mapped_pages + 600; pfn++) {
		uint64_t va = (req->virt_base + pfn * 4096) & ((1ULL << 48) - 1);
		uint64_t e = walk(&l, tables, va, &upper_ok);
		int is_table = pfn >= l.pgtables.pfn &&
			       pfn < l.pgtables.pfn + l.pgtables.pages;
		uint64_t want = pfn < l.mapped_pages ?
			((pfn + MFN_OFFSET) << 12) | (is_table ? 0x21 : 0x23) : 0;

		if (e != want)
			bad_maps++;
		if (!upper_ok)
			bad_upper++;
	}
	CHECK_EQ(bad_maps, 0);
	CHECK_EQ(bad_upper, 0);
	/* Below VIRT_BASE nothing is mapped. */
	if (req->virt_base)
		CHECK_EQ(walk(&l, tables, (req->virt_base - 4096) &
			      ((1ULL << 48) - 1), &upper_ok), 0);
	free(p2m);
	free(tables);
}

static void test_page_tables(void)
{
	struct pv_layout_request linux_like = {
		LINUX_BASE, LINUX_BASE + 0x1000000, LINUX_BASE + 0x3a00000, 0,
		131072, 0,
	};
	struct pv_layout_request small = { 0, 0x1000, 0x9000, 0, 16384, 0 };
	/* Crossing a 1 GiB boundary: two L2 tables. */
	struct pv_layout_request crossing = {
		0x3fe00000, 0x3fe00000, 0x40400000, 0, 65536, 0,
	};

	check_tables(&linux_like);
	check_tables(&small);
	check_tables(&crossing);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_linux_like_kernel();
	test_small_kernel_at_zero();
	test_ramdisk_by_pfn();
	test_refusals();
	test_page_tables();
	return check_summary(argv[0]);
}
