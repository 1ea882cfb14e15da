/*
 * Building a PV domain (see build.h), in libxenguest's order:
 * createdomain, vCPUs and memory limit, populate every page, event
 * channels for console and xenstore, then with the boot region mapped
 * into our address space: kernel (a compressed one decompressed
 * straight into it), p2m list, start_info, zeroed rings, page tables,
 * boot stack, and the ramdisk.  After unmapping: pin the L4, reset
 * shared_info's event masks, set vCPU 0's registers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minios/events.h>
#include <minios/mm.h>
#include <minios/time.h>
#include "domains/domctl.h"
#include "../hypervisor.h"
#include "build.h"
#include "kernel.h"
#include "layout.h"
#include "pagetables.h"

#define PAGE_BYTES 4096UL
#define MAXMEM_SLACK_KB 1024	/* libxl's LIBXL_MAXMEM_CONSTANT */
#define COPY_CHUNK_PAGES 1024	/* ramdisk pages mapped at a time */

struct build {
	const struct pv_build_request *req;
	struct pv_built_domain *out;
	struct pv_kernel kernel;
	struct pv_layout layout;
	uint64_t nr_pages;
	xen_pfn_t *p2m;
	unsigned char *boot;	/* pfns 0..mapped_pages, mapped here */
	char *err;
	size_t errlen;
};

static int fail(struct build *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err, b->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void *boot_page(struct build *b, uint64_t pfn)
{
	return b->boot + pfn * PAGE_BYTES;
}

static int create_domain(struct build *b)
{
	struct xen_domctl op;
	domid_t dom;
	int rc;

	rc = domain_create(b->req->vcpus, &dom);
	if (rc)
		return fail(b, "createdomain: %s", xen_strerror(rc));
	b->out->domid = dom;
	memset(&op, 0, sizeof(op));
	op.u.max_vcpus.max = b->req->vcpus;
	rc = do_domctl(XEN_DOMCTL_max_vcpus, dom, &op);
	if (rc)
		return fail(b, "max_vcpus %u: %s", b->req->vcpus,
			    xen_strerror(rc));
	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = b->req->memory_kb + MAXMEM_SLACK_KB;
	rc = do_domctl(XEN_DOMCTL_max_mem, dom, &op);
	if (rc)
		return fail(b, "max_mem: %s", xen_strerror(rc));
	return 0;
}

static int populate_memory(struct build *b)
{
	uint64_t start;
	int rc;

	b->p2m = malloc(b->nr_pages * sizeof(*b->p2m));
	if (!b->p2m)
		return fail(b, "no memory for a %lu-page p2m list",
			    (unsigned long)b->nr_pages);
	for (uint64_t pfn = 0; pfn < b->nr_pages; pfn++)
		b->p2m[pfn] = pfn;
	start = monotonic_ns();
	rc = domain_populate(b->out->domid, b->p2m, b->nr_pages);
	b->out->populate_ns = monotonic_ns() - start;
	if (rc)
		return fail(b, "populating %lu MiB: %s",
			    (unsigned long)(b->nr_pages >> 8), xen_strerror(rc));
	return 0;
}

static int plan_layout(struct build *b)
{
	struct pv_layout_request lr = {
		.virt_base = b->kernel.info.virt_base,
		.kernel_start = b->kernel.info.virt_kstart,
		.kernel_end = b->kernel.info.virt_kend,
		.ramdisk_bytes = b->req->ramdisk ? b->req->ramdisk_len : 0,
		.ramdisk_by_pfn = b->kernel.info.mod_start_pfn,
		.nr_pages = b->nr_pages,
	};
	const char *why;

	if (pv_layout_compute(&lr, &b->layout, &why))
		return fail(b, "%s", why);
	return 0;
}

/* The guest's ends of its console and xenstore channels; we are remote. */
static int alloc_channels(struct build *b)
{
	int console = evtchn_alloc_unbound(b->out->domid, DOMID_SELF);
	int store = evtchn_alloc_unbound(b->out->domid, DOMID_SELF);

	if (console < 0 || store < 0)
		return fail(b, "event channel: %s",
			    xen_strerror(console < 0 ? console : store));
	b->out->console_port = console;
	b->out->store_port = store;
	b->out->console_mfn = b->p2m[b->layout.console_pfn];
	b->out->store_mfn = b->p2m[b->layout.xenstore_pfn];
	return 0;
}

static int map_boot_region(struct build *b)
{
	int rc;

	b->boot = map_frames(b->p2m, b->layout.mapped_pages, b->out->domid, 1,
			     &rc);
	if (!b->boot)
		return fail(b, "mapping the guest's boot region: %s",
			    xen_strerror(rc));
	return 0;
}

static void unmap_boot_region(struct build *b)
{
	if (b->boot)
		unmap_frames(b->boot, b->layout.mapped_pages);
	b->boot = NULL;
}

static int write_kernel(struct build *b)
{
	unsigned char *dst = boot_page(b, b->layout.kernel.pfn);
	uint64_t start = monotonic_ns();
	int rc;

	memset(dst, 0, b->layout.kernel.pages * PAGE_BYTES);
	rc = pv_kernel_load(&b->kernel, dst, b->err, b->errlen);
	b->out->decompress_ns += monotonic_ns() - start;
	return rc;
}

/* Copy data to the guest's pfns from 'pfn' on, mapping a chunk at a time. */
static int copy_to_pfns(struct build *b, uint64_t pfn, const void *data,
			size_t len)
{
	const unsigned char *from = data;

	while (len) {
		size_t pages = (len + PAGE_BYTES - 1) / PAGE_BYTES;
		size_t n, bytes;
		unsigned char *to;
		int rc;

		n = pages < COPY_CHUNK_PAGES ? pages : COPY_CHUNK_PAGES;
		to = map_frames(&b->p2m[pfn], n, b->out->domid, 1, &rc);
		if (!to)
			return fail(b, "mapping the guest's ramdisk pages: %s",
				    xen_strerror(rc));
		bytes = len < n * PAGE_BYTES ? len : n * PAGE_BYTES;
		memcpy(to, from, bytes);
		memset(to + bytes, 0, n * PAGE_BYTES - bytes);
		unmap_frames(to, n);
		from += bytes;
		len -= bytes;
		pfn += n;
	}
	return 0;
}

static int write_ramdisk(struct build *b)
{
	if (!b->layout.ramdisk.pages)
		return 0;
	return copy_to_pfns(b, b->layout.ramdisk.pfn, b->req->ramdisk,
			    b->req->ramdisk_len);
}

static void write_p2m(struct build *b)
{
	unsigned char *dst = boot_page(b, b->layout.p2m.pfn);

	memset(dst, 0, b->layout.p2m.pages * PAGE_BYTES);
	memcpy(dst, b->p2m, b->nr_pages * sizeof(*b->p2m));
}

static void write_start_info(struct build *b)
{
	const struct pv_layout *l = &b->layout;
	start_info_t *si = boot_page(b, l->start_info_pfn);
	struct xen_domctl_getdomaininfo info;

	memset(si, 0, PAGE_BYTES);
	strcpy(si->magic, "xen-3.0-x86_64");
	si->nr_pages = b->nr_pages;
	si->pt_base = pv_pfn_to_va(l, l->pgtables.pfn);
	si->nr_pt_frames = l->pgtables.pages;
	si->mfn_list = pv_pfn_to_va(l, l->p2m.pfn);
	si->flags = 0;
	si->store_mfn = b->out->store_mfn;
	si->store_evtchn = b->out->store_port;
	si->console.domU.mfn = b->out->console_mfn;
	si->console.domU.evtchn = b->out->console_port;
	if (l->ramdisk.pages) {
		/* Linux's MOD_START_PFN: a pfn, as the ramdisk is unmapped. */
		si->flags |= b->kernel.info.mod_start_pfn ? SIF_MOD_START_PFN : 0;
		si->mod_start = b->kernel.info.mod_start_pfn ?
			l->ramdisk.pfn : pv_pfn_to_va(l, l->ramdisk.pfn);
		si->mod_len = b->req->ramdisk_len;
	}
	if (domain_getinfo(b->out->domid, &info) == 0)
		si->shared_info = (uint64_t)info.shared_info_frame << 12;
	if (b->req->cmdline)
		strncpy((char *)si->cmd_line, b->req->cmdline,
			sizeof(si->cmd_line) - 1);
}

static void write_page_tables(struct build *b)
{
	uint64_t *tables = boot_page(b, b->layout.pgtables.pfn);

	memset(tables, 0, b->layout.pgtables.pages * PAGE_BYTES);
	pv_pagetables_fill(&b->layout, b->p2m, tables);
}

static int write_boot_region(struct build *b)
{
	if (write_kernel(b))
		return -1;
	write_p2m(b);
	write_start_info(b);
	memset(boot_page(b, b->layout.xenstore_pfn), 0, PAGE_BYTES);
	memset(boot_page(b, b->layout.console_pfn), 0, PAGE_BYTES);
	write_page_tables(b);
	memset(boot_page(b, b->layout.stack_pfn), 0, PAGE_BYTES);
	return write_ramdisk(b);
}

/* Events stay masked on every vCPU until the guest is ready for them. */
static int reset_shared_info(struct build *b)
{
	struct xen_domctl_getdomaininfo info;
	shared_info_t *s;
	xen_pfn_t mfn;
	int rc;

	rc = domain_getinfo(b->out->domid, &info);
	if (rc)
		return fail(b, "getdomaininfo: %s", xen_strerror(rc));
	mfn = info.shared_info_frame;
	s = map_frames(&mfn, 1, b->out->domid, 1, &rc);
	if (!s)
		return fail(b, "mapping shared_info: %s", xen_strerror(rc));
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		s->vcpu_info[i].evtchn_upcall_mask = 1;
	unmap_frames(s, 1);
	return 0;
}

static int init_hypercall_page(struct build *b)
{
	const struct xen_elf_info *ki = &b->kernel.info;
	struct xen_domctl op;
	int rc;

	if (!ki->hypercall_page)
		return 0;
	memset(&op, 0, sizeof(op));
	op.u.hypercall_init.gmfn =
		b->p2m[(ki->hypercall_page - ki->virt_base) >> 12];
	rc = do_domctl(XEN_DOMCTL_hypercall_init, b->out->domid, &op);
	if (rc)
		return fail(b, "hypercall_init: %s", xen_strerror(rc));
	return 0;
}

static int start_vcpu0(struct build *b)
{
	const struct pv_layout *l = &b->layout;
	vcpu_guest_context_t ctx;
	struct xen_domctl op;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.user_regs.rip = b->kernel.info.entry;
	ctx.user_regs.rsp = pv_pfn_to_va(l, l->stack_pfn + 1);
	ctx.user_regs.rsi = pv_pfn_to_va(l, l->start_info_pfn);
	ctx.user_regs.rflags = 1 << 9;	/* IF */
	ctx.user_regs.cs = FLAT_KERNEL_CS;
	ctx.user_regs.ss = FLAT_KERNEL_SS;
	ctx.user_regs.ds = ctx.user_regs.es = FLAT_KERNEL_DS;
	ctx.user_regs.fs = ctx.user_regs.gs = FLAT_KERNEL_DS;
	ctx.debugreg[6] = 0xffff0ff0;	/* architectural reset values */
	ctx.debugreg[7] = 0x00000400;
	ctx.flags = VGCF_in_kernel | VGCF_online;
	ctx.kernel_ss = FLAT_KERNEL_SS;
	ctx.kernel_sp = ctx.user_regs.rsp;
	ctx.ctrlreg[3] = (uint64_t)b->p2m[l->pgtables.pfn] << 12;

	memset(&op, 0, sizeof(op));
	op.u.vcpucontext.vcpu = 0;
	set_xen_guest_handle(op.u.vcpucontext.ctxt, &ctx);
	rc = do_domctl(XEN_DOMCTL_setvcpucontext, b->out->domid, &op);
	if (rc)
		return fail(b, "setvcpucontext: %s", xen_strerror(rc));
	return 0;
}

static int build_domain(struct build *b)
{
	int rc;

	if (create_domain(b) || populate_memory(b) || plan_layout(b) ||
	    alloc_channels(b) || map_boot_region(b) || write_boot_region(b))
		return -1;
	/* Xen refuses to pin tables we still map writable. */
	unmap_boot_region(b);
	rc = domain_pin_l4(b->out->domid, b->p2m[b->layout.pgtables.pfn]);
	if (rc)
		return fail(b, "pinning the L4 page table: %s",
			    xen_strerror(rc));
	return reset_shared_info(b) || init_hypercall_page(b) ||
	       start_vcpu0(b);
}

int pv_build(const struct pv_build_request *req, struct pv_built_domain *out,
	     char *err, size_t errlen)
{
	struct build b = {
		.req = req, .out = out, .err = err, .errlen = errlen,
		.nr_pages = req->memory_kb >> 2,
	};
	uint64_t start = monotonic_ns();
	int rc;

	memset(out, 0, sizeof(*out));
	out->domid = DOMID_INVALID;
	rc = req->kernel_immutable ?
		pv_kernel_parse_immutable(req->kernel, req->kernel_len,
					  &b.kernel, err, errlen) :
		pv_kernel_parse(req->kernel, req->kernel_len, &b.kernel, err,
				errlen);
	if (rc)
		return -1;
	out->decompress_ns = monotonic_ns() - start;
	rc = build_domain(&b);
	unmap_boot_region(&b);
	free(b.p2m);
	out->build_ns = monotonic_ns() - start;
	if (rc && out->domid != DOMID_INVALID) {
		int destroyed = domain_destroy(out->domid);

		if (destroyed)
			printf("builder: destroying half-built domain %u "
			       "failed: %s\n", out->domid,
			       xen_strerror(destroyed));
		out->domid = DOMID_INVALID;
	}
	return rc;
}
