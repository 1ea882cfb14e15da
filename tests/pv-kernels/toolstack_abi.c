/*
 * A dom0 that drives the toolstack ABI (domctl, sysctl, memory_op on
 * another domain, foreign mappings) the way a domain builder does, and
 * prints "abi: key=value" lines.  Booted on xen-core and on stock Xen
 * 4.17, the lines must agree.
 */
#include "pvk.h"
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/memory.h>

#define DOMU_PAGES	256
#define MAP_VA		0x300000UL	/* a mapped, unused page of ours */

static const struct start_info *si;
static struct xen_domctl dc;
static struct xen_sysctl sc;

static long domctl(uint32_t cmd, domid_t dom)
{
	dc.cmd = cmd;
	dc.domain = dom;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	return hypercall1(__HYPERVISOR_domctl, &dc);
}

static long sysctl(uint32_t cmd)
{
	sc.cmd = cmd;
	sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall1(__HYPERVISOR_sysctl, &sc);
}

static uint64_t free_pages(void)
{
	memset(&sc, 0, sizeof(sc));
	sysctl(XEN_SYSCTL_physinfo);
	return sc.u.physinfo.free_pages;
}

/* A createdomain as xl makes one, with the grant limits given. */
static long try_create(int32_t grant_frames, int32_t maptrack_frames,
		       unsigned int grant_version)
{
	memset(&dc, 0, sizeof(dc));
	dc.u.createdomain.max_vcpus = 2;
	dc.u.createdomain.max_evtchn_port = 1023;
	dc.u.createdomain.max_grant_frames = grant_frames;
	dc.u.createdomain.max_maptrack_frames = maptrack_frames;
	dc.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(grant_version);
	return domctl(XEN_DOMCTL_createdomain, 0);
}

/* Xen's grant_table_init() limits first, then the domain we go on with. */
static domid_t create_domain(void)
{
	pvk_print("abi: createdomain_grant_frames_0=%ld\n", try_create(0, -1, 1));
	pvk_print("abi: createdomain_grant_frames_65=%ld\n",
		  try_create(65, -1, 1));
	pvk_print("abi: createdomain_maptrack_frames_1025=%ld\n",
		  try_create(-1, 1025, 1));
	pvk_print("abi: createdomain_grant_version_0=%ld\n",
		  try_create(-1, -1, 0));
	pvk_print("abi: createdomain=%ld\n", try_create(-1, -1, 1));
	return dc.domain;
}

static void show_info(const char *when, domid_t dom)
{
	struct xen_domctl_getdomaininfo *i = &dc.u.getdomaininfo;
	long rc;

	memset(&dc, 0, sizeof(dc));
	rc = domctl(XEN_DOMCTL_getdomaininfo, dom);
	if (rc) {
		pvk_print("abi: %s getdomaininfo=%ld\n", when, rc);
		return;
	}
	pvk_print("abi: %s domain_is_new=%d paused=%u shutdown=%u dying=%u "
		  "tot_pages=%lu max_pages=%lu online=%u max_vcpu_id=%u\n", when,
		  i->domain == dom, !!(i->flags & XEN_DOMINF_paused),
		  !!(i->flags & XEN_DOMINF_shutdown),
		  !!(i->flags & XEN_DOMINF_dying), (unsigned long)i->tot_pages,
		  (unsigned long)i->max_pages, i->nr_online_vcpus,
		  i->max_vcpu_id);
}

static long memory(unsigned int cmd, domid_t dom, xen_pfn_t *list,
		   unsigned long n)
{
	struct xen_memory_reservation r = {
		.nr_extents = n, .extent_order = 0, .domid = dom,
	};

	set_xen_guest_handle(r.extent_start, list);
	return hypercall2(__HYPERVISOR_memory_op, cmd, &r);
}

/* Machine address of the L1 entry mapping @va in our boot tables. */
static uint64_t l1_entry_maddr(unsigned long va)
{
	const uint64_t *t = (const uint64_t *)si->pt_base;
	const unsigned long *p2m = (const unsigned long *)si->mfn_list;
	int level;

	for (level = 4; level > 1; level--) {
		uint64_t e = t[(va >> (12 + 9 * (level - 1))) & 511];

		t = (const uint64_t *)(M2P[(e & 0x000ffffffffff000UL) >> 12] << 12);
	}
	return ((uint64_t)p2m[(unsigned long)t >> 12] << 12) +
	       ((va >> 12) & 511) * 8;
}

static long map_at(unsigned long va, uint64_t pte, domid_t owner)
{
	struct mmu_update u = { .ptr = l1_entry_maddr(va), .val = pte };

	return hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, owner);
}

static void foreign_mapping(domid_t dom, xen_pfn_t mfn)
{
	volatile uint64_t *p = (volatile uint64_t *)MAP_VA;
	uint64_t own = map_at(MAP_VA, 0, DOMID_SELF);	/* drop our page */

	pvk_print("abi: map_foreign=%ld\n", map_at(MAP_VA, (mfn << 12) | 3, dom));
	p[0] = 0x1234abcd;
	pvk_print("abi: foreign_readback=%s\n", p[0] == 0x1234abcd ? "ok" : "bad");
	pvk_print("abi: unmap_foreign=%ld\n", map_at(MAP_VA, 0, dom));
	(void)own;
}

void pvk_main(const struct start_info *start_info)
{
	static xen_pfn_t frames[DOMU_PAGES + 16];
	uint64_t before;
	unsigned long i;
	domid_t dom;
	long rc;

	si = start_info;
	pvk_print("abi: begin\n");
	before = free_pages();
	dom = create_domain();
	show_info("created", dom);

	memset(&dc, 0, sizeof(dc));
	dc.u.max_vcpus.max = 3;
	pvk_print("abi: max_vcpus_3=%ld\n", domctl(XEN_DOMCTL_max_vcpus, dom));
	dc.u.max_vcpus.max = 2;
	pvk_print("abi: max_vcpus_2=%ld\n", domctl(XEN_DOMCTL_max_vcpus, dom));
	show_info("with vcpus", dom);

	memset(&dc, 0, sizeof(dc));
	dc.u.max_mem.max_memkb = DOMU_PAGES * 4;
	pvk_print("abi: max_mem=%ld\n", domctl(XEN_DOMCTL_max_mem, dom));
	for (i = 0; i < DOMU_PAGES + 16; i++)
		frames[i] = i;
	rc = memory(XENMEM_populate_physmap, dom, frames, 16);
	pvk_print("abi: populate_16=%ld m2p_ok=%s\n", rc,
		  M2P[frames[3]] == 3 ? "yes" : "no");
	for (i = 16; i < DOMU_PAGES + 16; i++)
		frames[i] = i;
	rc = memory(XENMEM_populate_physmap, dom, frames + 16, DOMU_PAGES);
	pvk_print("abi: populate_past_max=%ld\n", rc);
	show_info("populated", dom);

	foreign_mapping(dom, frames[5]);
	rc = memory(XENMEM_decrease_reservation, dom, frames + 7, 1);
	pvk_print("abi: decrease_1=%ld\n", rc);
	show_info("decreased", dom);

	memset(&dc, 0, sizeof(dc));
	pvk_print("abi: unpause=%ld\n", domctl(XEN_DOMCTL_unpausedomain, dom));
	pvk_print("abi: pause=%ld\n", domctl(XEN_DOMCTL_pausedomain, dom));
	show_info("paused", dom);

	pvk_print("abi: destroy_self=%ld\n", domctl(XEN_DOMCTL_destroydomain, 0));
	pvk_print("abi: destroy=%ld\n", domctl(XEN_DOMCTL_destroydomain, dom));
	show_info("destroyed", dom);
	pvk_print("abi: getdomaininfo_ghost=%ld\n",
		  domctl(XEN_DOMCTL_getdomaininfo, 0x7fe0));
	pvk_print("abi: bad_interface=%ld\n", ({
		dc.cmd = XEN_DOMCTL_getdomaininfo;
		dc.domain = 0;
		dc.interface_version = 0x14;
		hypercall1(__HYPERVISOR_domctl, &dc); }));
	pvk_print("abi: free_pages_returned=%s\n",
		  free_pages() == before ? "all" : "not all");
	pvk_print("abi: end\n");
	pvk_poweroff();
}
