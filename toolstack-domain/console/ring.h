/*
 * A guest's console ring page (io/console.h): 'out' carries the guest's
 * output to us, 'in' our input to the guest, each with free-running
 * 32-bit producer/consumer indexes.  The guest can write anything into
 * the page at any time, so indexes are read once and checked: a
 * producer more than a ring's size ahead of its consumer is corrupt.
 */
#ifndef TOOLSTACK_CONSOLE_RING_H
#define TOOLSTACK_CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/console.h>

/*
 * Move up to 'max' bytes of guest output into dst and consume them.
 * Returns the count, or -1 if the ring's indexes are corrupt.
 */
int console_ring_take_output(struct xencons_interface *ring, char *dst,
			     size_t max);

/*
 * Queue up to 'len' bytes of input for the guest.  Returns how many fit,
 * or -1 if the ring's indexes are corrupt.
 */
int console_ring_give_input(struct xencons_interface *ring, const char *src,
			    size_t len);

#endif
