/*
 * PCI enumeration and configuration access (see pci.h).  A device's
 * configuration space is its own to fill in: capability lists are
 * walked with a bound, and a bridge's bus numbers are followed only
 * once, so a broken or hostile device cannot make the scan loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <minios/io.h>
#include <minios/kernel.h>
#include <minios/pci.h>

#define PCI_CONF_ADDRESS	0xcf8
#define PCI_CONF_DATA		0xcfc

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_REVISION		0x08
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_MULTI	0x80
#define  PCI_HEADER_BRIDGE	0x01
#define PCI_BAR0		0x10
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBSYS_VENDOR	0x2c
#define PCI_SUBSYS_ID		0x2e

#define BAR_IO			0x1
#define BAR_MEM_TYPE_64		0x4
#define BAR_MEM_PREFETCH	0x8

#define MAX_CAPABILITIES	48	/* 192 bytes of list, 4 per entry */

extern const struct pci_driver *const pci_driver_table[];

static struct pci_dev *device_list;
static struct pci_dev **device_tail = &device_list;

static uint32_t conf_address(uint8_t bus, uint8_t devfn, unsigned int reg)
{
	return 0x80000000U | ((uint32_t)bus << 16) | ((uint32_t)devfn << 8) |
	       (reg & 0xfc);
}

static uint32_t conf_read(uint8_t bus, uint8_t devfn, unsigned int reg,
			  unsigned int bytes)
{
	uint16_t data = PCI_CONF_DATA + (reg & 3);

	outl(PCI_CONF_ADDRESS, conf_address(bus, devfn, reg));
	if (bytes == 1)
		return inb(data);
	if (bytes == 2)
		return inw(data);
	return inl(data);
}

static void conf_write(uint8_t bus, uint8_t devfn, unsigned int reg,
		       unsigned int bytes, uint32_t val)
{
	uint16_t data = PCI_CONF_DATA + (reg & 3);

	outl(PCI_CONF_ADDRESS, conf_address(bus, devfn, reg));
	if (bytes == 1)
		outb(data, (uint8_t)val);
	else if (bytes == 2)
		outw(data, (uint16_t)val);
	else
		outl(data, val);
}

uint32_t pci_read(const struct pci_dev *dev, unsigned int reg,
		  unsigned int bytes)
{
	return conf_read(dev->bus, dev->devfn, reg, bytes);
}

void pci_write(const struct pci_dev *dev, unsigned int reg,
	       unsigned int bytes, uint32_t val)
{
	conf_write(dev->bus, dev->devfn, reg, bytes, val);
}

void pci_set_command(const struct pci_dev *dev, uint16_t bits)
{
	pci_write(dev, PCI_COMMAND, 2, pci_read(dev, PCI_COMMAND, 2) | bits);
}

/*
 * The capability list is the device's to fill in: the walk is bounded,
 * and pointers into the header (below 0x40) end it.
 */
static unsigned int next_capability(const struct pci_dev *dev,
				    unsigned int pos, uint8_t id, int *left)
{
	while (pos >= 0x40 && (*left)-- > 0) {
		pos &= ~3U;
		if (pci_read(dev, pos, 1) == id)
			return pos;
		pos = pci_read(dev, pos + 1, 1);
	}
	return 0;
}

unsigned int pci_find_capability(const struct pci_dev *dev, uint8_t id)
{
	int left = MAX_CAPABILITIES;

	if (!(pci_read(dev, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	return next_capability(dev, pci_read(dev, PCI_CAPABILITY_LIST, 1), id,
			       &left);
}

unsigned int pci_next_capability(const struct pci_dev *dev, unsigned int pos,
				 uint8_t id)
{
	int left = MAX_CAPABILITIES;

	return next_capability(dev, pci_read(dev, pos + 1, 1), id, &left);
}

/* Size one BAR by writing all ones to it, with decoding off meanwhile. */
static unsigned int read_bar(struct pci_dev *dev, unsigned int i)
{
	unsigned int reg = PCI_BAR0 + 4 * i;
	struct pci_bar *bar = &dev->bar[i];
	uint32_t lo = pci_read(dev, reg, 4), size_lo, hi = 0, size_hi = 0;
	uint64_t mask;

	pci_write(dev, reg, 4, ~0U);
	size_lo = pci_read(dev, reg, 4);
	pci_write(dev, reg, 4, lo);
	if (lo & BAR_IO) {
		bar->io = 1;
		bar->addr = lo & ~3U;
		mask = size_lo & 0xfffcU;
		bar->size = mask ? (~mask + 1) & 0xffff : 0;
		return 1;
	}
	bar->prefetch = !!(lo & BAR_MEM_PREFETCH);
	bar->is64 = (lo & 6) == BAR_MEM_TYPE_64 && i + 1 < PCI_NR_BARS;
	if (bar->is64) {
		hi = pci_read(dev, reg + 4, 4);
		pci_write(dev, reg + 4, 4, ~0U);
		size_hi = pci_read(dev, reg + 4, 4);
		pci_write(dev, reg + 4, 4, hi);
	}
	bar->addr = ((uint64_t)hi << 32) | (lo & ~0xfU);
	mask = ((uint64_t)size_hi << 32) | (size_lo & ~0xfU);
	if (!bar->is64)
		mask |= 0xffffffff00000000ULL;
	bar->size = (size_lo & ~0xfU) || size_hi ? ~mask + 1 : 0;
	return bar->is64 ? 2 : 1;
}

static void read_bars(struct pci_dev *dev)
{
	unsigned int nr = dev->header_type == 0 ? PCI_NR_BARS :
			  dev->header_type == PCI_HEADER_BRIDGE ? 2 : 0;
	uint16_t cmd = pci_read(dev, PCI_COMMAND, 2);

	pci_write(dev, PCI_COMMAND, 2,
		  cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < nr; i += read_bar(dev, i))
		;
	pci_write(dev, PCI_COMMAND, 2, cmd);
}

static struct pci_dev *add_device(uint8_t bus, uint8_t devfn, uint32_t id)
{
	struct pci_dev *dev = calloc(1, sizeof(*dev));

	if (!dev) {
		printk("pci: out of memory for %02x:%02x.%x\n", bus,
		       PCI_SLOT(devfn), PCI_FUNC(devfn));
		return NULL;
	}
	dev->bus = bus;
	dev->devfn = devfn;
	dev->vendor = id & 0xffff;
	dev->device = id >> 16;
	dev->class = pci_read(dev, PCI_REVISION, 4) >> 8;
	dev->revision = pci_read(dev, PCI_REVISION, 1);
	dev->header_type = pci_read(dev, PCI_HEADER_TYPE, 1) & ~PCI_HEADER_MULTI;
	if (dev->header_type == 0) {
		dev->subsys_vendor = pci_read(dev, PCI_SUBSYS_VENDOR, 2);
		dev->subsys_device = pci_read(dev, PCI_SUBSYS_ID, 2);
	}
	dev->irq_pin = pci_read(dev, PCI_INTERRUPT_PIN, 1);
	if (dev->irq_pin > 4)
		dev->irq_pin = 0;
	read_bars(dev);
	*device_tail = dev;
	device_tail = &dev->next;
	return dev;
}

static void scan_bus(uint8_t bus, uint8_t *scanned);

static void scan_function(uint8_t bus, uint8_t devfn, uint8_t *scanned)
{
	uint32_t id = conf_read(bus, devfn, PCI_VENDOR_ID, 4);
	struct pci_dev *dev;
	uint8_t secondary;

	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return;
	dev = add_device(bus, devfn, id);
	if (!dev || dev->header_type != PCI_HEADER_BRIDGE)
		return;
	secondary = pci_read(dev, PCI_SECONDARY_BUS, 1);
	if (secondary > bus)
		scan_bus(secondary, scanned);
}

/* @scanned has a bit per bus: each is scanned once at most. */
static void scan_bus(uint8_t bus, uint8_t *scanned)
{
	if (scanned[bus / 8] & (1 << (bus % 8)))
		return;
	scanned[bus / 8] |= 1 << (bus % 8);
	for (unsigned int slot = 0; slot < 32; slot++) {
		uint8_t devfn = slot << 3;
		unsigned int header;

		if ((conf_read(bus, devfn, PCI_VENDOR_ID, 2) & 0xffff) == 0xffff)
			continue;
		header = conf_read(bus, devfn, PCI_HEADER_TYPE, 1);
		for (unsigned int fn = 0; fn < ((header & PCI_HEADER_MULTI) ? 8 : 1);
		     fn++)
			scan_function(bus, devfn | fn, scanned);
	}
}

static int driver_matches(const struct pci_driver *drv,
			  const struct pci_dev *dev)
{
	for (const struct pci_id *id = drv->ids; id->vendor; id++)
		if (id->vendor == dev->vendor &&
		    (id->device == PCI_ANY_ID || id->device == dev->device))
			return 1;
	return 0;
}

static void bind_driver(struct pci_dev *dev)
{
	for (const struct pci_driver *const *d = pci_driver_table; *d; d++) {
		if (!driver_matches(*d, dev))
			continue;
		dev->driver = *d;
		if ((*d)->probe(dev) == 0)
			return;
		dev->driver = NULL;
	}
}

static const struct {
	uint16_t class;
	const char *name;
} class_names[] = {
	{ 0x0000, "Non-VGA unclassified device" },
	{ 0x0100, "SCSI storage controller" },
	{ 0x0101, "IDE interface" },
	{ 0x0106, "SATA controller" },
	{ 0x0108, "Non-Volatile memory controller" },
	{ 0x0180, "Mass storage controller" },
	{ 0x0200, "Ethernet controller" },
	{ 0x0280, "Network controller" },
	{ 0x0300, "VGA compatible controller" },
	{ 0x0380, "Display controller" },
	{ 0x0403, "Audio device" },
	{ 0x0600, "Host bridge" },
	{ 0x0601, "ISA bridge" },
	{ 0x0604, "PCI bridge" },
	{ 0x0680, "Bridge" },
	{ 0x0780, "Communication controller" },
	{ 0x0880, "System peripheral" },
	{ 0x0c03, "USB controller" },
	{ 0x0c05, "SMBus" },
	{ 0x00ff, "Unassigned class" },
};

const char *pci_class_name(uint32_t class)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(class_names); i++)
		if (class_names[i].class == class >> 8)
			return class_names[i].name;
	return "Device";
}

int pci_describe(const struct pci_dev *dev, char *buf, unsigned int size)
{
	return snprintf(buf, size,
			"%02x:%02x.%x %s [%04x]: %04x:%04x (rev %02x) driver %s",
			dev->bus, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn),
			pci_class_name(dev->class),
			(unsigned int)(dev->class >> 8), dev->vendor,
			dev->device, dev->revision,
			dev->driver ? dev->driver->name : "none");
}

struct pci_dev *pci_devices(void)
{
	return device_list;
}

void pci_init(void)
{
	uint8_t scanned[256 / 8] = { 0 };
	char line[128];

	scan_bus(0, scanned);
	for (struct pci_dev *dev = device_list; dev; dev = dev->next) {
		bind_driver(dev);
		pci_describe(dev, line, sizeof(line));
		printk("pci: %s\n", line);
	}
}
