/*
 * Console ring transfers (see ring.h).  The fences order our reads of
 * the data after the producer index we read, and our index update
 * after the data we copied, as the other side runs concurrently.
 */
#include "ring.h"

#define OUT_SIZE sizeof(((struct xencons_interface *)0)->out)
#define IN_SIZE sizeof(((struct xencons_interface *)0)->in)

static XENCONS_RING_IDX read_index(const XENCONS_RING_IDX *idx)
{
	return __atomic_load_n(idx, __ATOMIC_RELAXED);
}

int console_ring_take_output(struct xencons_interface *ring, char *dst,
			     size_t max)
{
	XENCONS_RING_IDX cons = read_index(&ring->out_cons);
	XENCONS_RING_IDX prod = read_index(&ring->out_prod);
	size_t n = 0;

	if (prod - cons > OUT_SIZE)
		return -1;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	while (cons != prod && n < max)
		dst[n++] = ring->out[MASK_XENCONS_IDX(cons++, ring->out)];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&ring->out_cons, cons, __ATOMIC_RELAXED);
	return n;
}

int console_ring_give_input(struct xencons_interface *ring, const char *src,
			    size_t len)
{
	XENCONS_RING_IDX cons = read_index(&ring->in_cons);
	XENCONS_RING_IDX prod = read_index(&ring->in_prod);
	size_t n = 0;

	if (prod - cons > IN_SIZE)
		return -1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (n < len && prod - cons < IN_SIZE)
		ring->in[MASK_XENCONS_IDX(prod++, ring->in)] = src[n++];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&ring->in_prod, prod, __ATOMIC_RELAXED);
	return n;
}
