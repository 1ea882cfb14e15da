/*
 * Memory a device reads or writes.  Devices see machine addresses (no
 * IOMMU: a PV domain's pseudo-physical frames are not what the bus sees),
 * and our frames are machine-contiguous only by chance, so a buffer is
 * handed to a device as a list of segments that never cross a frame
 * unless the next frame really follows it.
 */
#ifndef MINIOS_DMA_H
#define MINIOS_DMA_H

#include <stddef.h>
#include <stdint.h>

struct dma_seg {
	uint64_t addr;		/* machine address */
	uint32_t len;
};

/* The machine address of a byte of our RAM. */
uint64_t dma_addr(const void *va);

/*
 * Fill @segs (at most @max) with @buf..@buf+@len, merging frames that are
 * machine-contiguous.  Returns the number used, or 0 if @max is too few.
 */
unsigned int dma_segments(const void *buf, size_t len, struct dma_seg *segs,
			  unsigned int max);

/* A zeroed page for rings and request headers; NULL when out of memory. */
void *dma_alloc_page(void);
void dma_free_page(void *page);

#endif
