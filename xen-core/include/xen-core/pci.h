/*
 * PCI configuration space through the 0xCF8/0xCFC mechanism.  xen-core
 * keeps 0xCF8 to itself: a domain's writes to it land in a shadow, and
 * every data-port access is made here, under one lock, with that shadow.
 */
#ifndef XEN_CORE_PCI_H
#define XEN_CORE_PCI_H

#include <stdint.h>

#define PCI_CONF_ADDRESS	0xcf8
#define PCI_CONF_DATA		0xcfc
#define PCI_CF8_ENABLED(cf8)	((cf8) & 0x80000000U)

/* @offset and @bytes address a piece of the dword 0xCFC names. */
uint32_t pci_conf_read(uint32_t cf8, unsigned int offset, unsigned int bytes);
void pci_conf_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
		    uint32_t data);

#endif
