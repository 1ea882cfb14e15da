/* virtio over PCI, modern interface (see virtio_pci.h); virtio 1.0 4.1. */
#include <errno.h>
#include <linux/virtio_config.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/sched.h>
#include <minios/time.h>
#include "virtio_pci.h"

#define PCI_CAP_ID_VNDR		0x09
#define RESET_TIMEOUT_NS	(1000 * 1000 * 1000ULL)

/* Map the part of a BAR that a vendor capability at @pos names. */
static volatile void *map_region(const struct pci_dev *dev, unsigned int pos,
				 uint32_t min_len, uint32_t *len)
{
	unsigned int bar = pci_read(dev, pos + VIRTIO_PCI_CAP_BAR, 1);
	uint32_t off = pci_read(dev, pos + VIRTIO_PCI_CAP_OFFSET, 4);
	const struct pci_bar *b;

	*len = pci_read(dev, pos + VIRTIO_PCI_CAP_LENGTH, 4);
	if (bar >= PCI_NR_BARS || !dev->bar[bar].size || dev->bar[bar].io ||
	    *len < min_len || off > dev->bar[bar].size ||
	    *len > dev->bar[bar].size - off) {
		printk("virtio: capability at %#x names a region outside "
		       "BAR %u\n", pos, bar);
		return NULL;
	}
	b = &dev->bar[bar];
	return map_machine(b->addr + off, *len, DOMID_IO, MAP_RW | MAP_UNCACHED);
}

static int map_regions(struct virtio_pci *vp)
{
	const struct pci_dev *dev = vp->pci;
	unsigned int pos = pci_find_capability(dev, PCI_CAP_ID_VNDR);
	uint32_t len;

	/* Bounded: a device may link its list in a circle. */
	for (int n = 0; pos && n < 48;
	     pos = pci_next_capability(dev, pos, PCI_CAP_ID_VNDR), n++) {
		switch (pci_read(dev, pos + VIRTIO_PCI_CAP_CFG_TYPE, 1)) {
		case VIRTIO_PCI_CAP_COMMON_CFG:
			if (!vp->common)
				vp->common = map_region(dev, pos,
					sizeof(*vp->common), &len);
			break;
		case VIRTIO_PCI_CAP_NOTIFY_CFG:
			if (!vp->notify) {
				vp->notify = map_region(dev, pos, 2,
							&vp->notify_len);
				vp->notify_mult = pci_read(dev, pos +
					sizeof(struct virtio_pci_cap), 4);
			}
			break;
		case VIRTIO_PCI_CAP_ISR_CFG:
			if (!vp->isr)
				vp->isr = map_region(dev, pos, 1, &len);
			break;
		case VIRTIO_PCI_CAP_DEVICE_CFG:
			if (!vp->device)
				vp->device = map_region(dev, pos, 1,
							&vp->device_len);
			break;
		}
	}
	return vp->common && vp->notify && vp->isr ? 0 : -ENODEV;
}

static int reset(struct virtio_pci *vp)
{
	uint64_t deadline = monotonic_ns() + RESET_TIMEOUT_NS;

	vp->common->device_status = 0;
	while (vp->common->device_status) {
		if (monotonic_ns() > deadline) {
			printk("virtio: device does not reset\n");
			return -EIO;
		}
		msleep(1);
	}
	return 0;
}

int virtio_pci_init(struct virtio_pci *vp, struct pci_dev *dev)
{
	*vp = (struct virtio_pci){ .pci = dev };
	pci_set_command(dev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (map_regions(vp)) {
		printk("virtio: %02x:%02x.%x lacks the modern interface\n",
		       dev->bus, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
		return -ENODEV;
	}
	return reset(vp);
}

static void add_status(struct virtio_pci *vp, uint8_t bits)
{
	vp->common->device_status = vp->common->device_status | bits;
}

int virtio_negotiate(struct virtio_pci *vp, uint64_t wanted)
{
	volatile struct virtio_pci_common_cfg *c = vp->common;
	uint64_t offered;

	add_status(vp, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	c->device_feature_select = 0;
	offered = c->device_feature;
	c->device_feature_select = 1;
	offered |= (uint64_t)c->device_feature << 32;
	vp->features = offered & (wanted | (1ULL << VIRTIO_F_VERSION_1));
	if (!(vp->features & (1ULL << VIRTIO_F_VERSION_1)))
		return -ENODEV;
	c->guest_feature_select = 0;
	c->guest_feature = (uint32_t)vp->features;
	c->guest_feature_select = 1;
	c->guest_feature = vp->features >> 32;
	add_status(vp, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(c->device_status & VIRTIO_CONFIG_S_FEATURES_OK)) {
		printk("virtio: device refused features %#llx\n",
		       (unsigned long long)vp->features);
		return -ENODEV;
	}
	return 0;
}

static void set_queue_addresses(volatile struct virtio_pci_common_cfg *c,
				const struct virtq *vq)
{
	uint64_t desc = dma_addr(vq->desc), avail = dma_addr(vq->avail),
		 used = dma_addr(vq->used);

	c->queue_desc_lo = (uint32_t)desc;
	c->queue_desc_hi = desc >> 32;
	c->queue_avail_lo = (uint32_t)avail;
	c->queue_avail_hi = avail >> 32;
	c->queue_used_lo = (uint32_t)used;
	c->queue_used_hi = used >> 32;
}

int virtio_setup_queue(struct virtio_pci *vp, unsigned int index,
		       struct virtq *vq, unsigned int max_size)
{
	volatile struct virtio_pci_common_cfg *c = vp->common;
	unsigned int size, offered;
	void *pages[3];
	int rc;

	c->queue_select = index;
	offered = c->queue_size;
	if (!offered || c->queue_enable)
		return -ENODEV;
	/* The largest power of two within both limits. */
	for (size = VIRTQ_MAX_SIZE; size > offered || size > max_size; size /= 2)
		;
	if ((uint64_t)c->queue_notify_off * vp->notify_mult + 2 > vp->notify_len)
		return -ENODEV;
	for (unsigned int i = 0; i < 3; i++)
		if (!(pages[i] = dma_alloc_page())) {
			while (i--)
				dma_free_page(pages[i]);
			return -ENOMEM;
		}
	rc = virtq_init(vq, size, pages[0], pages[1], pages[2]);
	if (rc)
		return rc;
	c->queue_size = size;
	c->queue_msix_vector = VIRTIO_MSI_NO_VECTOR;
	set_queue_addresses(c, vq);
	c->queue_enable = 1;
	return 0;
}

void virtio_notify(struct virtio_pci *vp, unsigned int index)
{
	volatile struct virtio_pci_common_cfg *c = vp->common;
	uint64_t off;

	c->queue_select = index;
	off = (uint64_t)c->queue_notify_off * vp->notify_mult;
	if (off + 2 <= vp->notify_len)
		*(volatile uint16_t *)(vp->notify + off) = index;
}

void virtio_driver_ok(struct virtio_pci *vp)
{
	add_status(vp, VIRTIO_CONFIG_S_DRIVER_OK);
}

void virtio_fail(struct virtio_pci *vp)
{
	add_status(vp, VIRTIO_CONFIG_S_FAILED);
	reset(vp);
}

uint32_t virtio_device_read32(const struct virtio_pci *vp, unsigned int off)
{
	if (!vp->device || off + 4 > vp->device_len)
		return 0;
	return *(volatile uint32_t *)(vp->device + off);
}

uint64_t virtio_device_read64(const struct virtio_pci *vp, unsigned int off)
{
	/* Two halves, with the generation count guarding a change between
	 * (a few retries: a device that never settles gets its last value). */
	uint8_t gen;
	uint64_t v;
	int tries = 0;

	do {
		gen = vp->common->config_generation;
		v = virtio_device_read32(vp, off) |
		    (uint64_t)virtio_device_read32(vp, off + 4) << 32;
	} while (gen != vp->common->config_generation && ++tries < 8);
	return v;
}
