/*
 * Guest memory accessors.  A fault on the rep movsb is redirected by the
 * exception table to the instruction after it, leaving %rcx = bytes left.
 */
#include <xen-core/traps.h>
#include <xen-core/guest_access.h>
#include <xen-core/cpu.h>
#include <xen-core/layout.h>

#define HYPERVISOR_VIRT_START_	0xffff800000000000UL
#define HYPERVISOR_VIRT_END_	0xffff880000000000UL
#define CANONICAL_LOW_END	0x0000800000000000UL

bool guest_range_ok(unsigned long va, size_t len)
{
	unsigned long end = va + len;

	if (end < va)
		return false;
	if (len == 0)
		return true;
	if (va < CANONICAL_LOW_END)
		return end <= CANONICAL_LOW_END;
	return va >= HYPERVISOR_VIRT_END_;
}

static size_t raw_copy(void *dst, const void *src, size_t len)
{
	stac();
	asm volatile("1: rep movsb\n"
		     "2:\n"
		     ASM_EXTABLE(1b, 2b)
		     : "+D"(dst), "+S"(src), "+c"(len) : : "memory");
	clac();
	return len;
}

size_t copy_from_guest_va(void *dst, unsigned long src, size_t len)
{
	if (!guest_range_ok(src, len))
		return len;
	return raw_copy(dst, (const void *)src, len);
}

size_t copy_to_guest_va(unsigned long dst, const void *src, size_t len)
{
	if (!guest_range_ok(dst, len))
		return len;
	return raw_copy((void *)dst, src, len);
}
