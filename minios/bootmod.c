/*
 * Finding the boot module from start_info (see bootmod.h).
 */
#include <minios/bootmod.h>
#include <minios/kernel.h>
#include <minios/mm.h>

extern char _end[];	/* minios.lds: end of our image */

const void *boot_module(size_t *len)
{
	unsigned long start = start_info->mod_start;
	unsigned long size = start_info->mod_len;

	*len = 0;
	if (!start || !size)
		return NULL;
	if (start_info->flags & SIF_MOD_START_PFN) {
		printk("bootmod: module given by pfn, not mapped: ignored\n");
		return NULL;
	}
	/* It must lie between our image and the boot page tables. */
	if (start < (unsigned long)_end || start > start_info->pt_base ||
	    size > start_info->pt_base - start) {
		printk("bootmod: module at %lx (%lu bytes) is outside the boot "
		       "region: ignored\n", start, size);
		return NULL;
	}
	*len = size;
	return (const void *)start;
}
