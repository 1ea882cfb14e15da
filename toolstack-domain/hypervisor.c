/*
 * xen_version and sysctl access.
 */
#include <stdio.h>
#include <string.h>
#include <minios/hypercall.h>
#include "hypervisor.h"

#define TERMINATE(str) ((str)[sizeof(str) - 1] = '\0')

int do_sysctl(struct xen_sysctl *op)
{
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(op);
}

/*
 * Xen's errno values are Linux's; newlib numbers some differently.  The
 * first name listed for a value wins (EAGAIN, not its alias EWOULDBLOCK).
 */
static const struct {
	const char *name;
	int value;
} xen_errnos[] = {
#define XEN_ERRNO(name, value) { #name, value },
#include <xen/errno.h>
};

int hypervisor_log_read(char *buf, uint32_t len, uint32_t *index, int clear)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_readconsole };
	int rc;

	op.u.readconsole.clear = clear;
	op.u.readconsole.incremental = 1;
	op.u.readconsole.index = *index;
	op.u.readconsole.count = len;
	set_xen_guest_handle(op.u.readconsole.buffer, buf);
	rc = do_sysctl(&op);
	if (rc)
		return rc;
	*index = op.u.readconsole.index;
	return op.u.readconsole.count;
}

const char *xen_strerror(int rc)
{
	static char unknown[24];

	for (size_t i = 0; i < sizeof(xen_errnos) / sizeof(xen_errnos[0]); i++)
		if (xen_errnos[i].value == -rc)
			return xen_errnos[i].name;
	snprintf(unknown, sizeof(unknown), "error %d", rc);
	return unknown;
}

const char *scheduler_name(uint32_t sched_id)
{
	switch (sched_id) {
	case XEN_SCHEDULER_CREDIT:
		return "credit";
	case XEN_SCHEDULER_CREDIT2:
		return "credit2";
	case XEN_SCHEDULER_ARINC653:
		return "arinc653";
	case XEN_SCHEDULER_RTDS:
		return "rtds";
	case XEN_SCHEDULER_NULL:
		return "null";
	default:
		return "unknown";
	}
}

static void read_build_id(struct xen_version_info *vi)
{
	union {
		xen_build_id_t id;
		unsigned char raw[sizeof(xen_build_id_t) + 64];
	} b;
	long n;

	b.id.len = sizeof(b) - sizeof(b.id);
	n = HYPERVISOR_xen_version(XENVER_build_id, &b);
	vi->build_id[0] = '\0';
	for (long i = 0; i < n && i < 64; i++)
		snprintf(&vi->build_id[2 * i], 3, "%02x", b.id.buf[i]);
}

int xen_version_info_get(struct xen_version_info *vi)
{
	xen_platform_parameters_t params = { 0 };
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);

	memset(vi, 0, sizeof(*vi));
	if (v < 0)
		return v;
	vi->major = v >> 16;
	vi->minor = v & 0xffff;
	/* Optional strings: on error they simply stay empty. */
	HYPERVISOR_xen_version(XENVER_extraversion, vi->extra);
	HYPERVISOR_xen_version(XENVER_capabilities, vi->caps);
	HYPERVISOR_xen_version(XENVER_changeset, vi->changeset);
	HYPERVISOR_xen_version(XENVER_compile_info, &vi->compile);
	HYPERVISOR_xen_version(XENVER_commandline, vi->commandline);
	if (!HYPERVISOR_xen_version(XENVER_platform_parameters, &params))
		vi->virt_start = params.virt_start;
	vi->pagesize = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
	read_build_id(vi);
	/* Xen does not promise NUL termination of full-length strings. */
	TERMINATE(vi->extra);
	TERMINATE(vi->caps);
	TERMINATE(vi->changeset);
	TERMINATE(vi->commandline);
	TERMINATE(vi->compile.compiler);
	TERMINATE(vi->compile.compile_by);
	TERMINATE(vi->compile.compile_domain);
	TERMINATE(vi->compile.compile_date);
	return 0;
}
