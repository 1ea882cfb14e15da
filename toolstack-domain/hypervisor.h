/*
 * What the toolstack asks the hypervisor about itself: version strings
 * (xen_version) and the privileged sysctl interface.
 */
#ifndef TOOLSTACK_HYPERVISOR_H
#define TOOLSTACK_HYPERVISOR_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/sysctl.h>

#if __XEN_INTERFACE_VERSION__ != 0x00040e00
#error "toolstack-domain speaks the Xen 4.17 interface (0x00040e00)"
#endif

struct xen_version_info {
	unsigned int major, minor;
	xen_extraversion_t extra;
	xen_capabilities_info_t caps;
	xen_changeset_info_t changeset;
	xen_compile_info_t compile;
	xen_commandline_t commandline;
	unsigned long virt_start;
	long pagesize;
	char build_id[2 * 64 + 1];	/* hex; "" when Xen has none */
};

/* Fill 'vi'; fields Xen refuses are left empty. Returns 0 or -errno. */
int xen_version_info_get(struct xen_version_info *vi);

/* Issue a sysctl at our interface version; returns 0 or -errno. */
int do_sysctl(struct xen_sysctl *op);

/*
 * The hypervisor's log (console ring), a step at a time from *index
 * (start at 0): up to len bytes into buf.  Returns bytes read (0 at the
 * end) or a negative errno.  'clear' empties the ring as it is read.
 */
int hypervisor_log_read(char *buf, uint32_t len, uint32_t *index, int clear);

/* "ENOMEM" etc. for a negative errno from Xen ("error -N" if unknown). */
const char *xen_strerror(int rc);

/* "credit2" etc. for XEN_SCHEDULER_* ids. */
const char *scheduler_name(uint32_t sched_id);

#endif
