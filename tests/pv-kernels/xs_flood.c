/*
 * A guest flooding XenStore through its own ring (io/xs_wire.h): write
 * data/flood/<n> until xenstored refuses.  The per-domain quota must
 * stop it with an error reply; the daemon must keep serving.
 */
#include "pvk.h"
#include "xs.h"
#include "xs_flood.h"
#include <xen/io/xs_wire.h>

#define FLOOD_WRITES	5000

void xs_flood(const struct start_info *si)
{
	char path[32], reply[64];
	uint32_t n;
	int type = XS_WRITE;

	for (n = 0; n < FLOOD_WRITES && type == XS_WRITE; n++) {
		snprintf(path, sizeof(path), "data/flood/%u", n);
		type = xs_request(si, XS_WRITE, n, path, "flood", reply,
				  sizeof(reply));
	}
	if (type == XS_ERROR)
		pvk_print("hostile: xenstore flood: %u writes accepted, then %s "
			  "ok\n", n - 1, reply);
	else
		pvk_print("hostile: xenstore flood: %u writes, reply %d WRONG\n",
			  n, type);
}
