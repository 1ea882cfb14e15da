/*
 * The PV domain builder: from a kernel image to a paused domain whose
 * vCPU 0 starts at the kernel's entry with the start-of-day state Xen's
 * PV ABI defines (layout.h; same result as libxenguest under xl).
 */
#ifndef TOOLSTACK_BUILDER_BUILD_H
#define TOOLSTACK_BUILDER_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

struct pv_build_request {
	const void *kernel;	/* ELF image or bzImage */
	size_t kernel_len;
	/* The kernel image never changes (it is in the boot archive): its
	 * description may be kept for the next build from it. */
	bool kernel_immutable;
	const void *ramdisk;	/* may be NULL */
	size_t ramdisk_len;
	const char *cmdline;	/* may be NULL */
	uint64_t memory_kb;
	unsigned int vcpus;
};

struct pv_built_domain {
	domid_t domid;
	xen_pfn_t console_mfn, store_mfn;
	evtchn_port_t console_port, store_port;	/* the guest's ends */
	uint64_t populate_ns;	/* getting the guest's memory from Xen */
	/*
	 * Decompressing the kernel: its headers and notes first (~20 MB
	 * into the stream), then all of it into the guest's memory.
	 */
	uint64_t decompress_ns;
	uint64_t build_ns;	/* the whole build, decompress_ns included */
};

/*
 * Create and build the domain, leaving it paused.  Returns 0, or -1 with
 * the reason in err, in which case no domain is left behind and nothing
 * stays mapped.
 */
int pv_build(const struct pv_build_request *req, struct pv_built_domain *out,
	     char *err, size_t errlen);

#endif
