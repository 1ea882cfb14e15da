/*
 * PCI: the devices of segment 0 as the firmware left them, found through
 * the 0xCF8/0xCFC configuration mechanism (which the hypervisor mediates),
 * and the drivers bound to them.
 */
#ifndef MINIOS_PCI_H
#define MINIOS_PCI_H

#include <stdint.h>

#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x0001
#define  PCI_COMMAND_MEMORY	0x0002
#define  PCI_COMMAND_MASTER	0x0004
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x0010
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_NR_BARS		6

struct pci_bar {
	uint64_t addr;		/* bus address, or the first port */
	uint64_t size;		/* 0: no such BAR */
	uint8_t io;		/* a port range, not memory */
	uint8_t is64;		/* takes this slot and the next */
	uint8_t prefetch;
};

struct pci_driver;

struct pci_dev {
	uint8_t bus, devfn;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_device;
	uint32_t class;		/* base class, subclass, prog-if */
	uint8_t revision;
	uint8_t header_type;	/* without the multi-function bit */
	uint8_t irq_pin;	/* 0: none, 1..4: INTA..INTD */
	struct pci_bar bar[PCI_NR_BARS];
	const struct pci_driver *driver;	/* NULL: none bound */
	void *driver_data;
	struct pci_dev *next;
};

#define PCI_SLOT(devfn)	((devfn) >> 3)
#define PCI_FUNC(devfn)	((devfn) & 7)
#define PCI_ANY_ID	0xffff

struct pci_id {
	uint16_t vendor, device;	/* device may be PCI_ANY_ID */
};

/*
 * A driver claims devices by ID (the table ends with vendor 0); probe
 * returns 0 when it has taken the device, else a negative errno (the
 * device then stays unbound).  Drivers are listed in drivers/registry.c.
 */
struct pci_driver {
	const char *name;
	const struct pci_id *ids;
	int (*probe)(struct pci_dev *dev);
};

/* Enumerate segment 0, log every device and bind drivers (dom0 only). */
void pci_init(void);
struct pci_dev *pci_devices(void);

uint32_t pci_read(const struct pci_dev *dev, unsigned int reg,
		  unsigned int bytes);
void pci_write(const struct pci_dev *dev, unsigned int reg,
	       unsigned int bytes, uint32_t val);
/* Offset of capability @id in the device's list; 0 if it has none. */
unsigned int pci_find_capability(const struct pci_dev *dev, uint8_t id);
/* The next capability @id after the one at @pos; 0 if none. */
unsigned int pci_next_capability(const struct pci_dev *dev, unsigned int pos,
				 uint8_t id);
void pci_set_command(const struct pci_dev *dev, uint16_t bits);

/* "SATA controller", "Ethernet controller", ... as lspci names them. */
const char *pci_class_name(uint32_t class);
/* "00:1f.2 SATA controller [0106]: 8086:2922 (rev 02)" and the driver. */
int pci_describe(const struct pci_dev *dev, char *buf, unsigned int size);

#endif
