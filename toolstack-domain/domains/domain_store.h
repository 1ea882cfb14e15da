/*
 * A guest's XenStore entries, as xl writes them for a PV domain
 * (/local/domain/<id>/... and /vm/<uuid>/..., with the same permissions:
 * dom0 owns, the guest reads, and owns the few nodes it writes), then
 * XS_INTRODUCE so xenstored serves its ring.  Undone at destruction.
 */
#ifndef TOOLSTACK_DOMAIN_STORE_H
#define TOOLSTACK_DOMAIN_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

struct domain_store_info {
	domid_t domid;
	const char *name;
	const char *kernel;
	const char *cmdline;		/* may be NULL */
	uint64_t memory_kb;
	unsigned int vcpus;
	xen_pfn_t console_mfn, store_mfn;
	evtchn_port_t console_port, store_port;	/* the guest's ends */
};

/* 0, or -1 with the reason in err and nothing left in the store. */
int domain_store_create(const struct domain_store_info *info, char *err,
			size_t errlen);

/* XS_RELEASE, then both subtrees removed. */
void domain_store_destroy(domid_t domid);

/*
 * A node under the guest's home, /local/domain/<id>/<rel>, read or
 * written by the toolstack: as xs_client_read() and xs_client_write().
 */
int domain_store_read(domid_t domid, const char *rel, char *value,
		      size_t max);
int domain_store_write(domid_t domid, const char *rel, const char *value);

#endif
