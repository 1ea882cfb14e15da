/*
 * The toolstack's in-process client: requests on a domain-0 connection
 * (xs_conn_create_dom0()) and their replies, which the daemon queues
 * before xs_handle_message() returns.  Watch events queued on the same
 * connection are discarded: a client connection sets no watches.
 *
 * All return a non-negative count or a negative errno (the daemon's
 * XS_ERROR name mapped back to this platform's errno value).
 */
#ifndef TOOLSTACK_XENSTORE_CLIENT_H
#define TOOLSTACK_XENSTORE_CLIENT_H

#include <stddef.h>
#include "xenstore.h"

/* Big enough for any reply payload, plus a NUL. */
#define XS_CLIENT_REPLY_MAX (XENSTORE_PAYLOAD_MAX + 1)

/*
 * One request; the reply's payload goes into reply (reply_max bytes;
 * -EMSGSIZE if it does not fit; NULL: not wanted) and is NUL-terminated
 * when there is room.  Returns the payload's length.
 */
int xs_client_request(struct xs_conn *conn, uint32_t type,
		      const void *payload, size_t len, char *reply,
		      size_t reply_max);

/* The value of 'path' into value (NUL-terminated); returns its length. */
int xs_client_read(struct xs_conn *conn, const char *path, char *value,
		   size_t max);
int xs_client_write(struct xs_conn *conn, const char *path,
		    const char *value);
int xs_client_rm(struct xs_conn *conn, const char *path);
/* Children's names, each NUL-terminated, into names; returns bytes. */
int xs_client_directory(struct xs_conn *conn, const char *path, char *names,
			size_t max);
/* perms: entries as "n0", "r5", ... (at most XS_CLIENT_MAX_PERMS) */
#define XS_CLIENT_MAX_PERMS 8
int xs_client_set_perms(struct xs_conn *conn, const char *path,
			const char *const perms[], size_t count);
int xs_client_introduce(struct xs_conn *conn, unsigned int domid,
			uint64_t gfn, unsigned int port);
int xs_client_release(struct xs_conn *conn, unsigned int domid);

#endif
