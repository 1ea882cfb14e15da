/*
 * Copying to and from guest virtual addresses on the current page
 * tables.  Each call checks the range against the hypervisor's hole
 * and recovers from faults through the exception table; SMAP is opened
 * only around the copy itself.
 */
#ifndef XEN_CORE_GUEST_ACCESS_H
#define XEN_CORE_GUEST_ACCESS_H

#include <xen-core/lib.h>

static inline bool is_canonical(unsigned long va)
{
	return (va >> 47) == 0 || (va >> 47) == 0x1ffff;
}

/* True if [va, va+len) is canonical and outside xen-core's range. */
bool guest_range_ok(unsigned long va, size_t len);

/* Return the number of bytes NOT copied (0 on success). */
size_t copy_from_guest_va(void *dst, unsigned long src, size_t len);
size_t copy_to_guest_va(unsigned long dst, const void *src, size_t len);

#define copy_from_guest(dst, gva, len) \
	copy_from_guest_va((dst), (unsigned long)(gva), (len))
#define copy_to_guest(gva, src, len) \
	copy_to_guest_va((unsigned long)(gva), (src), (len))

#endif
