/*
 * Controlling other domains: domctl at our interface version, and the
 * memory and page-table calls a builder makes on a domain's behalf.
 * All return 0 (or a count) or a negative errno from Xen.
 */
#ifndef TOOLSTACK_DOMCTL_H
#define TOOLSTACK_DOMCTL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>

/* Issue a domctl on 'dom' (sets interface_version, cmd and domain). */
int do_domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op);

/* A paused PV domain; Xen picks the id. */
int domain_create(unsigned int max_vcpus, domid_t *dom);
int domain_destroy(domid_t dom);
int domain_pause(domid_t dom);
int domain_unpause(domid_t dom);
int domain_getinfo(domid_t dom, struct xen_domctl_getdomaininfo *info);
int domain_vcpu_info(domid_t dom, uint32_t vcpu,
		     struct xen_domctl_getvcpuinfo *info);
int domain_set_max_mem(domid_t dom, uint64_t max_kb);

/* Up to max domains Xen has, by id; returns how many or -errno. */
int domain_list(struct xen_domctl_getdomaininfo *info, unsigned int max);

/*
 * Give 'dom' fresh frames for pfns[0..count) (XENMEM_populate_physmap,
 * order 0); each pfn in the array is replaced by its mfn.  Returns 0 or
 * a negative errno (-ENOMEM if Xen gave fewer).
 */
int domain_populate(domid_t dom, xen_pfn_t *pfns, unsigned long count);

/* Pin 'mfn' of 'dom' as its top-level (L4) page table. */
int domain_pin_l4(domid_t dom, xen_pfn_t mfn);

#endif
