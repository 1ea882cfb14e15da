/*
 * The boot module (initrd) the domain builder loaded for us.  Without a
 * MOD_START_PFN note the builder maps it inside our boot region, below
 * the page tables, so it is already addressable and the page allocator
 * (which starts after the boot stack) never hands its pages out.
 */
#ifndef MINIOS_BOOTMOD_H
#define MINIOS_BOOTMOD_H

#include <stddef.h>

/* The module's bytes and length, or NULL (and 0) if there is none. */
const void *boot_module(size_t *len);

#endif
