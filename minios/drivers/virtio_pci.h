/*
 * The virtio 1.0 PCI transport (modern interface), which both QEMU's
 * transitional devices and its modern-only ones (disable-legacy=on)
 * offer: the common, notify, ISR and device regions named by vendor
 * capabilities, mapped from the device's BARs.
 */
#ifndef MINIOS_VIRTIO_PCI_H
#define MINIOS_VIRTIO_PCI_H

#include <stdint.h>
#include <linux/virtio_pci.h>
#include <minios/pci.h>
#include "virtqueue.h"

struct virtio_pci {
	struct pci_dev *pci;
	volatile struct virtio_pci_common_cfg *common;
	volatile uint8_t *isr;
	volatile uint8_t *device;	/* the device type's own registers */
	uint32_t device_len;
	volatile uint8_t *notify;
	uint32_t notify_len, notify_mult;
	uint64_t features;		/* as negotiated */
};

/* Find and map the regions; resets the device. 0 or a negative errno. */
int virtio_pci_init(struct virtio_pci *vp, struct pci_dev *dev);

/* Acknowledge the device and agree on @wanted & what it offers
 * (VIRTIO_F_VERSION_1 is required).  0 or a negative errno. */
int virtio_negotiate(struct virtio_pci *vp, uint64_t wanted);

/* Give queue @index pages of ours, at most @max_size descriptors. */
int virtio_setup_queue(struct virtio_pci *vp, unsigned int index,
		       struct virtq *vq, unsigned int max_size);
void virtio_notify(struct virtio_pci *vp, unsigned int index);

void virtio_driver_ok(struct virtio_pci *vp);
/* Give up on the device (FAILED, then reset so it stops using our memory). */
void virtio_fail(struct virtio_pci *vp);

/* Device registers, bounded by the region's length (reads of what is
 * not there give 0). */
uint32_t virtio_device_read32(const struct virtio_pci *vp, unsigned int off);
uint64_t virtio_device_read64(const struct virtio_pci *vp, unsigned int off);

#endif
