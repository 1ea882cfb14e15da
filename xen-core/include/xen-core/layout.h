/*
 * Virtual memory layout of xen-core.
 *
 * PV guests own L4 slots 0-255 and 272-511; xen-core lives in slots
 * 256-271 (0xffff800000000000-0xffff87ffffffffff), as Xen 4.17 does.
 * Every PV guest L4 carries copies of the slots marked "guest-visible"
 * below, so hypercalls and traps run on the guest's page tables.
 */
#ifndef XEN_CORE_LAYOUT_H
#define XEN_CORE_LAYOUT_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define L2_PAGE_SIZE		(1UL << 21)
#define L3_PAGE_SIZE		(1UL << 30)

/* Read-only machine-to-phys table, readable by guest kernels (slot 256). */
#define RO_MPT_VIRT_START	0xffff800000000000UL
#define RO_MPT_VIRT_END		0xffff804000000000UL
/* Per-CPU GDTs (slot 261). */
#define PERCPU_GDT_VIRT_START	0xffff828000000000UL
/* Direct map of all machine memory (slots 262-271); the image runs here. */
#ifndef DIRECTMAP_VIRT_START	/* host-side unit tests map frames lower */
#define DIRECTMAP_VIRT_START	0xffff830000000000UL
#endif
#define DIRECTMAP_VIRT_END	0xffff880000000000UL

#define HYPERVISOR_FIRST_SLOT	256
#define HYPERVISOR_LAST_SLOT	271

/* Physical address xen-core's image is loaded at by GRUB. */
#define XEN_LOAD_PHYS		0x200000UL
#define STACK_SIZE		(16 * PAGE_SIZE)

#ifndef __ASSEMBLY__
#define __pa(va)	((unsigned long)(va) - DIRECTMAP_VIRT_START)
#define __va(pa)	((void *)((unsigned long)(pa) + DIRECTMAP_VIRT_START))
#else
#define __pa(va)	((va) - DIRECTMAP_VIRT_START)
#endif

/* Hypervisor selectors; the layout is Xen's, fixed by FLAT_RING3_* and SYSCALL. */
#define FIRST_RESERVED_GDT_PAGE	14
#define FIRST_RESERVED_GDT_BYTE	(FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define GDT_PAGES		16
#define __HYPERVISOR_CS		0xe008
#define __HYPERVISOR_DS		0xe010
#define __HYPERVISOR_CS32	0xe038
#define TSS_SELECTOR		0xe040
#define LDT_SELECTOR		0xe050
#define LDT_MAX_ENTS		8192	/* as Xen's SET_LDT */
#define LDT_MAX_PAGES		(LDT_MAX_ENTS * 8 / 4096)

#endif
