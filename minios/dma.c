/* Device-visible memory (see dma.h). */
#include <string.h>
#include <minios/dma.h>
#include <minios/mm.h>

uint64_t dma_addr(const void *va)
{
	return ((uint64_t)pfn_to_mfn(virt_to_pfn(va)) << PAGE_SHIFT) |
	       ((uintptr_t)va & (PAGE_SIZE - 1));
}

unsigned int dma_segments(const void *buf, size_t len, struct dma_seg *segs,
			  unsigned int max)
{
	const char *p = buf;
	unsigned int n = 0;

	while (len) {
		size_t in_page = PAGE_SIZE - ((uintptr_t)p & (PAGE_SIZE - 1));
		uint32_t piece = len < in_page ? len : in_page;
		uint64_t addr = dma_addr(p);

		if (n && segs[n - 1].addr + segs[n - 1].len == addr)
			segs[n - 1].len += piece;
		else if (n == max)
			return 0;
		else
			segs[n++] = (struct dma_seg){ addr, piece };
		p += piece;
		len -= piece;
	}
	return n;
}

void *dma_alloc_page(void)
{
	void *page = alloc_pages(1);

	if (page)
		memset(page, 0, PAGE_SIZE);
	return page;
}

void dma_free_page(void *page)
{
	free_pages(page, 1);
}
