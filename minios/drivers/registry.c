/* The PCI drivers MiniOS has, in the order they are offered a device. */
#include <stddef.h>
#include <minios/pci.h>

extern const struct pci_driver virtio_blk_driver, ahci_driver;

const struct pci_driver *const pci_driver_table[] = {
	&virtio_blk_driver,
	&ahci_driver,
	NULL
};
