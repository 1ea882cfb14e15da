/* A XenStore client over the domain's own ring (io/xs_wire.h), for the
 * PV test kernels (xs.c). */
#ifndef PVK_XS_H
#define PVK_XS_H

#include <stdint.h>

struct start_info;

/*
 * One request of @type on @path (with @value, if any, after the path's
 * NUL, as XS_WRITE takes it); the reply's payload is put in @reply,
 * NUL-terminated and cut to @reply_max.  Answers the reply's type, or -1
 * when the ring gave no reply.
 */
int xs_request(const struct start_info *si, uint32_t type, uint32_t id,
	       const char *path, const char *value, char *reply,
	       uint32_t reply_max);

#endif
