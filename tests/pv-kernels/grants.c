/*
 * A dom0 that grants access to its own pages and uses the grants itself:
 * map (host mapping by virtual address), copy, unmap, and the errors for
 * bad references, handles and permissions.  Prints "gnt: key=value"
 * lines for a differential run.
 */
#include "pvk.h"
#include <xen/grant_table.h>

#define TABLE_VA	0x300000UL	/* our grant table frame, mapped here */
#define MAP_VA		0x301000UL	/* where grants get mapped */
#define PAGE_A		0x310UL		/* spare pfns */
#define PAGE_B		0x311UL

static const struct start_info *si;
static struct grant_entry_v1 *table = (struct grant_entry_v1 *)TABLE_VA;

static unsigned long mfn_of_pfn(unsigned long pfn)
{
	return ((const unsigned long *)si->mfn_list)[pfn];
}

static long gnttab(unsigned int cmd, void *op)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, op, 1);
}

static void grant(unsigned int ref, unsigned long pfn, domid_t to, uint16_t flags)
{
	table[ref].frame = mfn_of_pfn(pfn);
	table[ref].domid = to;
	__atomic_store_n(&table[ref].flags, flags, __ATOMIC_SEQ_CST);
}

static int16_t map_from(domid_t dom, unsigned int ref, uint32_t flags,
			grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = MAP_VA, .flags = GNTMAP_host_map | flags,
		.ref = ref, .dom = dom,
	};

	gnttab(GNTTABOP_map_grant_ref, &op);
	*h = op.handle;
	return op.status;
}

/* Our own grants, named by our domain id (0). */
static int16_t map(unsigned int ref, uint32_t flags, grant_handle_t *h)
{
	return map_from(0, ref, flags, h);
}

static int16_t unmap(grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = MAP_VA, .handle = h };

	gnttab(GNTTABOP_unmap_grant_ref, &op);
	return op.status;
}

static int16_t copy(unsigned int ref, uint16_t src_off, unsigned long dst_pfn,
		    uint16_t len)
{
	struct gnttab_copy op = {
		.source = { .u.ref = ref, .domid = DOMID_SELF, .offset = src_off },
		.dest = { .u.gmfn = mfn_of_pfn(dst_pfn), .domid = DOMID_SELF },
		.len = len, .flags = GNTCOPY_source_gref,
	};

	gnttab(GNTTABOP_copy, &op);
	return op.status;
}

static void setup_table(void)
{
	xen_pfn_t frame = 0;
	struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = 1 };

	set_xen_guest_handle(op.frame_list, &frame);
	gnttab(GNTTABOP_setup_table, &op);
	pvk_print("gnt: setup_table=%d\n", op.status);
	hypercall3(__HYPERVISOR_update_va_mapping, TABLE_VA,
		   (frame << 12) | 0x67, UVMF_INVLPG);
}

void pvk_main(const struct start_info *start_info)
{
	volatile uint64_t *a = (volatile uint64_t *)(PAGE_A << 12);
	volatile uint64_t *b = (volatile uint64_t *)(PAGE_B << 12);
	grant_handle_t h, h2;

	si = start_info;
	pvk_print("gnt: begin\n");
	setup_table();
	a[0] = 0x1111;
	a[1] = 0x2222;
	grant(5, PAGE_A, 0, GTF_permit_access);
	grant(6, PAGE_A, 0, GTF_permit_access | GTF_readonly);
	grant(7, PAGE_A, 9, GTF_permit_access);		/* for domain 9 */

	pvk_print("gnt: map=%d\n", map(5, 0, &h));
	pvk_print("gnt: mapped_reads=%s\n",
		  ((volatile uint64_t *)MAP_VA)[1] == 0x2222 ? "yes" : "no");
	((volatile uint64_t *)MAP_VA)[2] = 0x3333;
	pvk_print("gnt: write_through=%s\n", a[2] == 0x3333 ? "yes" : "no");
	pvk_print("gnt: flags_while_mapped=%#x\n", table[5].flags);
	pvk_print("gnt: copy=%d\n", copy(5, 8, PAGE_B, 8));
	pvk_print("gnt: copied=%s\n", b[0] == 0x2222 ? "yes" : "no");
	pvk_print("gnt: unmap=%d\n", unmap(h));
	pvk_print("gnt: flags_after_unmap=%#x\n", table[5].flags);
	pvk_print("gnt: unmap_again=%d\n", unmap(h));

	pvk_print("gnt: map_domid_self=%d\n", map_from(DOMID_SELF, 5, 0, &h2));
	pvk_print("gnt: map_bad_ref=%d\n", map(9999, 0, &h2));
	pvk_print("gnt: map_readonly_grant_rw=%d\n", map(6, 0, &h2));
	pvk_print("gnt: map_readonly_grant_ro=%d\n", map(6, GNTMAP_readonly, &h2));
	pvk_print("gnt: unmap_ro=%d\n", unmap(h2));
	pvk_print("gnt: map_other_domains_grant=%d\n", map(7, 0, &h2));
	pvk_print("gnt: copy_across_page=%d\n", copy(5, 4090, PAGE_B, 100));
	pvk_print("gnt: unmap_bad_handle=%d\n", unmap(0xffff));
	pvk_print("gnt: end\n");
	pvk_poweroff();
}
